"""Creating a new plan repository (`planctl init`)."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planctl.config import CONFIG_NAME, FORMAT_VERSION, LANGUAGES, find_root, parse_config
from planctl.configschema import SCHEMA_FILE
from planctl.errors import ConfigError, UsageError
from planctl.fsutil import atomic_write
from planctl.i18n import N_, _
from planctl.model import DIR_OF_KIND, KINDS
from planctl.schemas import SCHEMA_FILES, schema_dir, schema_names

GITIGNORE_COMMENT = N_("""\
# planctl's cache and exports are rebuilt on demand; the lock, the write journal and its
# staging files exist only during an edit (or until the next planctl run after a crash).
""")
GITIGNORE_ENTRIES = """\
.planctl_cache/
.planctl.lock
.planctl-journal
.*.tmp
out/
"""


def gitignore_text() -> str:
    """The .gitignore lines `init` writes, their comment in the language of the run."""
    return _(GITIGNORE_COMMENT) + GITIGNORE_ENTRIES


@dataclass
class Created:
    root: Path
    files: list[str] = field(default_factory=list)
    git_initialised: bool = False
    in_git: bool = False  # inside a work tree after init (not with --no-git outside one)

    def to_add(self) -> list[str]:
        """What to give `git add`: each created file's top-level entry once (`plan/`, not
        its three .gitkeep files), in the order they were created."""
        tops = [rel.split("/", 1)[0] + ("/" if "/" in rel else "") for rel in self.files]
        return list(dict.fromkeys(tops))


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, except that TOML forbids DEL raw."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def config_text(title: str, language: str, root: Path, extra: str = "") -> str:
    """The planctl.toml of a new plan; checked against its schema before it is written.

    The `#:schema` line lets Taplo-based editors (Even Better TOML) complete and check
    every table and key from the schema `init` copies beside it. The comment is in the
    language of the run (a Swedish curator's `init` writes Swedish), the keys as they are."""
    comment = _("# planctl configuration: [plan] here; [limits], [edit] and [lint] are described in the README\n"
                "# and docs/checks.md. An unknown table or key is an error.\n")
    text = (f"#:schema ./schema/{SCHEMA_FILE}\n{comment}"
            f"[plan]\nname = {_toml_string(title)}\nlanguage = \"{language}\"\nformat = {FORMAT_VERSION}\n") + extra
    parse_config(root, tomllib.loads(text), text)
    return text


def editor_settings() -> str:
    """VS Code / yaml-language-server mapping of plan folders to their schemas."""
    mapping = {f"schema/{SCHEMA_FILES[kind]}": [f"plan/{DIR_OF_KIND[kind]}/*.yaml"] for kind in KINDS}
    return json.dumps({"yaml.schemas": mapping}, indent=2) + "\n"


def create_plan(directory: Path, *, name: str = "", language: str = "sv", git: bool = True,
                upstream: Callable[[Path], str] | None = None) -> Created:
    """`upstream`, for a member plan (planctl.federation): called once the plan may be created,
    before anything is written but its cache; returns planctl.toml's [upstream] table."""
    root = directory.resolve()
    if language not in LANGUAGES:
        raise UsageError(_("--language must be one of {choices}, not {value}").format(
            choices=", ".join(LANGUAGES), value=repr(language)))
    if (root / CONFIG_NAME).exists():
        raise UsageError(_("{path} exists: refusing to overwrite an existing plan").format(path=root / CONFIG_NAME))
    outer = _enclosing_plan(root)
    if outer is not None:
        raise UsageError(_("{path} exists: refusing to create a plan inside another plan").format(
            path=outer / CONFIG_NAME))
    plan_dir = root / "plan"
    if plan_dir.exists() and any(plan_dir.rglob("*.y*ml")):
        raise UsageError(_("{path} already holds plan files: refusing to overwrite an existing plan").format(
            path=plan_dir))
    if root.exists() and not root.is_dir():
        raise UsageError(_("{path} is not a folder").format(path=root))
    created = Created(root=root)

    def put(rel: str, text: str, *, keep: bool = False) -> None:
        target = root / rel
        if keep and target.exists():
            return
        atomic_write(target, text)
        created.files.append(rel)

    extra = upstream(root) if upstream is not None else ""
    put(CONFIG_NAME, config_text(name or root.name, language, root, extra))
    for kind in KINDS:
        put(f"plan/{DIR_OF_KIND[kind]}/.gitkeep", "")
    for schema_name in (*schema_names(), SCHEMA_FILE):
        put(f"schema/{schema_name}", (schema_dir() / schema_name).read_text(encoding="utf-8"))
    put(".vscode/settings.json", editor_settings(), keep=True)
    from planctl.checks.ci import GITHUB_WORKFLOW, GITHUB_WORKFLOW_PATH, GITLAB_CI, GITLAB_CI_PATH

    if upstream is not None:  # a member plan: its check reads the national plan too (planctl.federation)
        from planctl.federation.ci import MEMBER_GITHUB_WORKFLOW, MEMBER_GITLAB_CI

        put(GITHUB_WORKFLOW_PATH, MEMBER_GITHUB_WORKFLOW, keep=True)
        put(GITLAB_CI_PATH, MEMBER_GITLAB_CI, keep=True)
    else:
        put(GITHUB_WORKFLOW_PATH, GITHUB_WORKFLOW, keep=True)
        put(GITLAB_CI_PATH, GITLAB_CI, keep=True)
    gitignore = root / ".gitignore"
    if gitignore.exists():
        existing = gitignore.read_text(encoding="utf-8")
        if ".planctl_cache/" not in existing:
            atomic_write(gitignore, existing.rstrip("\n") + "\n" + gitignore_text())
            created.files.append(".gitignore")
    else:
        put(".gitignore", gitignore_text())

    created.in_git = _inside_git(root)
    if git and not created.in_git:
        import git as gitpython

        gitpython.Repo.init(root)
        created.git_initialised = created.in_git = True
    return created


def _enclosing_plan(root: Path) -> Path | None:
    """The root of a plan above `root`, found as every command finds its plan: a plan
    inside it would shadow that plan for every command run below."""
    if root.parent == root:
        return None
    try:
        return find_root(root.parent)
    except ConfigError:
        return None


def _inside_git(root: Path) -> bool:
    return any((folder / ".git").exists() for folder in (root, *root.parents))
