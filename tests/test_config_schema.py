"""planctl.toml is checked as a whole against schema/planctl-toml.schema.json.

What a user sees: an unknown table or key, or a wrong type, stops every command
with exit 2 and one line `planctl.toml:LINE:COL: ...`, with a did-you-mean.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from conftest import REPO, SMALL_PLAN, Result, invoke, run_planctl, write_plan
from planctl.checks.registry import rules
from planctl.config import DEFAULT_MAX_FILE_SIZE, FORMAT_VERSION, LANGUAGES, load_config
from planctl.configschema import SCHEMA_FILE, UnsupportedSchema, config_schema, problems
from planctl.schemas import ID_BASE

SCHEMA = json.loads((REPO / "schema" / SCHEMA_FILE).read_text(encoding="utf-8"))
Run = Callable[..., Result]
RUNNERS = pytest.mark.parametrize("run", [invoke, run_planctl], ids=["in-process", "installed"])

# (planctl.toml, the one line on standard error after "planctl: error: ")
BAD: list[tuple[str, str]] = [
    (
        '[plan]\nname = "x"\nlangauge = "en"\n',
        "planctl.toml:3:1: unknown key 'langauge' in [plan] (did you mean 'language'?)",
    ),
    (
        '[plan]\nname = "x"\n\n[edti]\nlock-timeout = 5\n',
        "planctl.toml:4:2: unknown table [edti] (did you mean [edit]?)",
    ),
    ('[plan]\nlanguage = "de"\n', 'planctl.toml:2:12: [plan] language must be one of sv, en, not "de"'),
    (
        '[plan]\nlanguage = "EN"\n',
        "planctl.toml:2:12: [plan] language must be one of sv, en, not \"EN\" (did you mean 'en'?)",
    ),
    ("[plan]\nname = 7\n", "planctl.toml:2:8: [plan] name must be a string, not the number 7"),
    ('[plan]\nformat = "1"\n', 'planctl.toml:2:10: [plan] format must be an integer, not "1"'),
    ("[plan]\nformat = 2\n", "planctl.toml:2:10: [plan] format 2 is not supported by this planctl (it reads format 1)"),
    ('plan = "x"\n', 'planctl.toml:1:8: [plan] must be a table, not "x"'),
    ('[[plan]]\nname = "x"\n', "planctl.toml:1:3: [plan] must be a table, not an array"),
    (
        'name = "x"\n[plan]\n',
        "planctl.toml:1:1: unknown key 'name' outside any table (did you mean to write it under [plan]?)",
    ),
    ('[limits]\nmax-file-size = "1MB"\n', 'planctl.toml:2:17: [limits] max-file-size must be an integer, not "1MB"'),
    ("[limits]\nmax-file-size = 0\n", "planctl.toml:2:17: [limits] max-file-size must be at least 1, not 0"),
    (
        "[limits]\nmax-file-size = 1.5\n",
        "planctl.toml:2:17: [limits] max-file-size must be an integer, not the number 1.5",
    ),
    ("[edit]\nlock-timeout = true\n", "planctl.toml:2:16: [edit] lock-timeout must be a number, not true"),
    ("[edit]\nlock-timeout = -1\n", "planctl.toml:2:16: [edit] lock-timeout must be at least 0, not -1"),
    (
        "[edit]\nlock_timeout = 3\n",
        "planctl.toml:2:1: unknown key 'lock_timeout' in [edit] (did you mean 'lock-timeout'?)",
    ),
    (
        '[lint]\nseverty = { D003 = "error" }\n',
        "planctl.toml:2:1: unknown table [lint.severty] (did you mean [lint.severity]?)",
    ),
    (
        '[lint.severty]\nD003 = "error"\n',
        "planctl.toml:1:7: unknown table [lint.severty] (did you mean [lint.severity]?)",
    ),
    (
        '[lint]\nselect = ["T001",\n  3]\n',
        "planctl.toml:3:3: item 2 of [lint] select must be a string, not the number 3",
    ),
    (
        '[lint]\nselect = "T0X1"\n',
        "planctl.toml:2:10: [lint] select: unknown code or rule 'T0X1' (run 'planctl rules' for the list)",
    ),
    (
        '[lint.severity]\nD003 = "warn"\n',
        "planctl.toml:2:8: [lint.severity] D003 must be one of error, warning, info, not \"warn\" "
        "(did you mean 'warning'?)",
    ),
    (
        'lint.severity.D003 = "loud"\n',
        'planctl.toml:1:22: [lint.severity] D003 must be one of error, warning, info, not "loud"',
    ),
    (
        '[lint.per-file-ignores]\n"plan/*.yaml" = "ZZ"\n',
        "planctl.toml:2:17: [lint.per-file-ignores] \"plan/*.yaml\": unknown code or rule 'ZZ' "
        "(run 'planctl rules' for the list)",
    ),
    (
        "[lint.options.T003]\nmax-lenght = 60\n",
        "planctl.toml:2:1: unknown key 'max-lenght' in [lint.options.T003] (did you mean 'max-length'?)",
    ),
    (
        '[lint.options.title-too-long]\nmax-length = "60"\n',
        'planctl.toml:2:14: [lint.options.title-too-long] max-length must be an integer, not "60"',
    ),
    # T009 has no options; it is not a misspelt T003.
    (
        "[lint.options.T009]\nx = 1\n",
        "planctl.toml:1:15: unknown table [lint.options.T009] "
        "(known tables: T002, thin-description, T003, title-too-long)",
    ),
    # A header inside a multi-line string is text, not a table: the error is the real [edti] below it.
    ('[plan]\nname = """\n[edit]\n"""\n[edti]\n', "planctl.toml:5:2: unknown table [edti] (did you mean [edit]?)"),
    (
        '[plan]\n"x\\u202e" = 1\n',
        "planctl.toml:2:1: unknown key 'x\\u202e' in [plan] (known keys: name, language, format)",
    ),
    # The first problem in the file is the one reported.
    (
        '[lint]\nfoo = 1\n[plan]\nlangauge = "en"\n[edti]\n',
        "planctl.toml:2:1: unknown key 'foo' in [lint] (known keys: select, extend-select, ignore, severity, "
        "per-file-ignores, options)",
    ),
    ("[plan\n", "planctl.toml:1:6: invalid TOML: Expected ']' at the end of a table declaration"),
]


def _repo(tmp_path: Path, config: str) -> Path:
    return write_plan(tmp_path / "repo", SMALL_PLAN, config=config)


@RUNNERS
@pytest.mark.parametrize("config, message", BAD, ids=[m.split(": ", 1)[1][:40] for _, m in BAD])
def test_a_bad_planctl_toml_is_one_located_line_and_exit_2(run: Run, tmp_path: Path, config: str,
                                                           message: str) -> None:
    result = run("check", cwd=_repo(tmp_path, config))
    assert (result.exit_code, result.stderr, result.stdout) == (2, f"planctl: error: {message}\n", "")


@pytest.mark.parametrize("command", [("validate",), ("list", "initiatives"), ("summary",), ("lint",)])
def test_every_command_refuses_it(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = invoke(*command, cwd=_repo(tmp_path, '[plan]\nlangauge = "en"\n'))
    assert result.exit_code == 2
    assert result.stderr == ("planctl: error: planctl.toml:2:1: unknown key 'langauge' in [plan] "
                             "(did you mean 'language'?)\n")


def test_edits_refuse_it_and_write_nothing(tmp_path: Path) -> None:
    root = _repo(tmp_path, '[plan]\nname = "x"\n[edti]\nlock-timeout = 1\n')
    before = (root / "plan/initiatives/INI-002.yaml").read_bytes()
    result = invoke("set", "INI-002", "status=completed", cwd=root)
    assert result.exit_code == 2 and "planctl.toml:3:2: unknown table [edti]" in result.stderr
    assert (root / "plan/initiatives/INI-002.yaml").read_bytes() == before


GOOD = '''\
#:schema ./schema/planctl-toml.schema.json
"$schema" = "./schema/planctl-toml.schema.json"
[plan]
name = "Testplan"
language = "en"
format = 1

[limits]
max-file-size = 2048

[edit]
lock-timeout = 2.5

[lint]
select = "ALL"
extend-select = ["T"]
ignore = ["T002", "title-full-stop"]
severity = { D = "info" }
per-file-ignores = { "plan/owners/*.yaml" = ["C003"] }

[lint.options.T003]
max-length = 100

[lint.options.thin-description]
min-words = 3
'''


def test_every_table_and_key_together_is_accepted(tmp_path: Path) -> None:
    root = _repo(tmp_path, GOOD)
    cfg = load_config(root)
    assert (cfg.name, cfg.language, cfg.max_file_size) == ("Testplan", "en", 2048)
    assert invoke("check", cwd=root).exit_code == 0
    assert problems(tomllib.loads(GOOD)) == []


def test_the_repositorys_own_planctl_toml_is_valid() -> None:
    text = (REPO / "planctl.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema ./schema/planctl-toml.schema.json\n")
    assert problems(tomllib.loads(text)) == []


# --- the schema itself ------------------------------------------------------------------

def _read_tables() -> set[str]:
    """Every table the code reads: `config.section("x")`, `raw.get("x")`, `section("x")`."""
    found: set[str] = set()
    for path in (REPO / "src" / "planctl").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"""(?:\.section|raw\.get)\(\s*["']([a-z-]+)["']""", text))
    return found


def test_every_table_the_code_reads_is_in_the_schema() -> None:
    tables = _read_tables()
    assert {"plan", "limits", "lint", "edit"} <= tables
    assert tables <= set(SCHEMA["properties"]), "add the table to schema/planctl-toml.schema.json"


def test_the_schema_is_draft_2020_12_and_described_in_both_languages() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == ID_BASE + SCHEMA_FILE

    def described(node: dict[str, Any], where: str) -> None:
        assert " — " in node.get("description", ""), f"{where}: a description 'sv — en' is missing"

    def walk(table: dict[str, Any], where: str) -> None:
        described(table, where)
        for key, sub in table.get("properties", {}).items():
            if set(sub) != {"$ref"}:  # a bare $ref is described where it points
                walk(sub, f"{where}.{key}")

    for name, table in SCHEMA["properties"].items():
        walk(table, name)
    for name, definition in SCHEMA["$defs"].items():
        walk(definition, f"$defs.{name}")
    assert config_schema() == SCHEMA  # what planctl reads is the repository's file


def test_constants_of_the_code_agree_with_the_schema() -> None:
    plan = SCHEMA["properties"]["plan"]["properties"]
    assert tuple(plan["language"]["enum"]) == LANGUAGES
    assert plan["format"]["default"] == FORMAT_VERSION
    assert SCHEMA["properties"]["limits"]["properties"]["max-file-size"]["default"] == DEFAULT_MAX_FILE_SIZE


def test_rule_options_in_the_schema_are_the_rules_conf() -> None:
    options = SCHEMA["properties"]["lint"]["properties"]["options"]["properties"]
    expected: dict[str, dict[str, Any]] = {}
    for rule in rules().values():
        if rule.conf:
            expected[rule.code] = expected[rule.name] = rule.conf
    assert set(options) == set(expected), "every rule with CONF needs [lint.options.CODE] and .NAME in the schema"
    types = {int: "integer", str: "string", bool: "boolean", float: "number"}
    for key, conf in expected.items():
        target = SCHEMA["$defs"][options[key]["$ref"].rsplit("/", 1)[1]]
        assert target["additionalProperties"] is False
        assert {name: (spec["type"], spec["default"]) for name, spec in target["properties"].items()} == {
            name: (types[type(default)], default) for name, default in conf.items()}, key


def test_a_keyword_the_walk_does_not_know_is_refused() -> None:
    with pytest.raises(UnsupportedSchema):
        problems({"plan": {}}, {"type": "object", "properties": {"plan": {"oneOf": [{"type": "object"}]}}})
    with pytest.raises(UnsupportedSchema):
        problems({}, {"$ref": "other.schema.json#/x"})


# --- the walk and jsonschema agree --------------------------------------------------------

_KEYS = ["plan", "lint", "limits", "edit", "edti", "name", "language", "langauge", "format", "max-file-size",
         "lock-timeout", "select", "ignore", "extend-select", "severity", "per-file-ignores", "options", "T003",
         "title-too-long", "max-length", "min-words", "D003", "$schema"]
_SCALARS = st.one_of(st.sampled_from(["sv", "en", "de", "error", "warning", "loud", "T001", "ALL"]),
                     st.integers(-2, 3), st.booleans(), st.floats(-1, 3, allow_nan=False))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=4))
def test_the_walk_gives_jsonschemas_verdict(raw: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(SCHEMA)
    assert (problems(raw) == []) == validator.is_valid(raw)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    "plan": st.fixed_dictionaries({}, optional={"name": st.text(max_size=5), "language": st.sampled_from(LANGUAGES),
                                                "format": st.just(1)}),
    "limits": st.fixed_dictionaries({}, optional={"max-file-size": st.integers(1, 10**9)}),
    "edit": st.fixed_dictionaries({}, optional={"lock-timeout": st.one_of(st.integers(0, 60), st.floats(0, 60))}),
    "lint": st.fixed_dictionaries({}, optional={
        "select": st.one_of(st.just("ALL"), st.lists(st.sampled_from(["T", "X001", "D"]))),
        "severity": st.dictionaries(st.sampled_from(["D003", "T", "L"]),
                                    st.sampled_from(["error", "warning", "info"])),
        "options": st.fixed_dictionaries({}, optional={
            "T003": st.fixed_dictionaries({"max-length": st.integers(1, 200)})}),
    }),
}))
def test_valid_configurations_are_valid_for_both(raw: dict[str, Any]) -> None:
    from jsonschema import Draft202012Validator

    assert problems(raw) == [] and Draft202012Validator(SCHEMA).is_valid(raw)


def test_planctl_schema_config_prints_the_shipped_schema(tmp_path: Path) -> None:
    result = run_planctl("schema", "config", cwd=_repo(tmp_path, '[plan]\nname = "x"\n'))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA
