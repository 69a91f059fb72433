"""CI templates of a federation: a member's check (with its upstream cached between runs),
and the national roll-up as a scheduled job that publishes its files.

`planctl init --upstream` writes the member's; `planctl rollup --write-ci` the national
ones. The check itself is the ordinary `planctl check`: it fetches the upstream when the
cache lacks the pinned revision, so the cache only saves the fetch.
"""

from __future__ import annotations

from pathlib import Path

MEMBER_GITHUB_WORKFLOW = """\
# Written by `planctl init --upstream`: checks this member plan, against the national plan it
# serves (planctl.toml [upstream]), on every push and pull request.
name: planctl

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7
      - uses: actions/setup-python@v7
        with:
          python-version: "3.12"
      # The name `planctl` on PyPI belongs to another project: install this tool from
      # where your team keeps it (a git URL or a wheel), set as the PLANCTL_PIP variable.
      - run: pip install "${{ vars.PLANCTL_PIP }}"
      # The national plan, fetched once per pinned revision (planctl.toml [upstream] rev).
      - uses: actions/cache@v5
        with:
          path: .planctl_cache/upstream
          key: planctl-upstream-${{ hashFiles('planctl.toml') }}
          restore-keys: planctl-upstream-
      # Fails on errors: a namespaced id (nat:FO1.2) the national plan does not have is X001.
      - name: planctl check
        run: planctl check
"""

MEMBER_GITLAB_CI = """\
# Written by `planctl init --upstream`: checks this member plan, against the national plan it
# serves (planctl.toml [upstream]), on every push and merge request.
planctl:
  image: python:3.12-slim
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH
  cache:
    key:
      files: [planctl.toml]
    paths: [.planctl_cache/upstream]
  before_script:
    - apt-get update -qq && apt-get install -y -qq git
  script:
    # The name `planctl` on PyPI belongs to another project: install this tool from
    # where your team keeps it (a git URL or a wheel), set as the CI/CD variable PLANCTL_PIP.
    - pip install "$PLANCTL_PIP"
    - planctl check --format gitlab --output-file gl-code-quality-report.json --exit-zero
    - planctl check --format concise
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
"""

ROLLUP_GITHUB_PATH = ".github/workflows/planctl-rollup.yml"
ROLLUP_GITHUB_WORKFLOW = """\
# Written by `planctl rollup --write-ci`: the national roll-up of every member plan in
# federation.toml, each weekday morning and on demand. Members publish by pushing; this job reads.
name: planctl rollup

on:
  schedule:
    - cron: "17 5 * * 1-5"
  workflow_dispatch:

permissions:
  contents: read

concurrency:
  group: planctl-rollup
  cancel-in-progress: false

jobs:
  rollup:
    runs-on: ubuntu-latest
    timeout-minutes: 60
    steps:
      - uses: actions/checkout@v7
        with:
          fetch-depth: 0  # the members' pins are compared with the national history
      - uses: actions/setup-python@v7
        with:
          python-version: "3.12"
      - run: pip install "${{ vars.PLANCTL_PIP }}"
      # The members' clones and results, by commit: an unchanged member costs one empty fetch.
      - uses: actions/cache@v5
        with:
          path: .planctl_cache/federation
          key: planctl-rollup-${{ github.run_id }}
          restore-keys: planctl-rollup-
      # Exit 1 when a member has problems: the run is red, the files are written all the same.
      - name: planctl rollup
        run: planctl rollup -o out/rollup
      # The site gets the roll-up's page from out/rollup/rollup.json (found beside federation.toml);
      # the files themselves (CSV, XLSX, JSON) go beside it for download.
      - name: the national site, with the roll-up's page and files
        if: always()
        run: |
          planctl export html -o out/site
          cp -r out/rollup out/site/rollup
      - uses: actions/upload-artifact@v6
        if: always()
        with:
          name: planctl-rollup
          path: out/site
      # To publish on GitHub Pages, add `pages: write` and `id-token: write` to the permissions
      # and the actions/upload-pages-artifact and actions/deploy-pages steps here.
"""

ROLLUP_GITLAB_PATH = "ci/planctl-rollup.gitlab-ci.yml"
ROLLUP_GITLAB_CI = """\
# Written by `planctl rollup --write-ci`: the national roll-up of every member plan in
# federation.toml. Include it from .gitlab-ci.yml:
#   include:
#     - local: ci/planctl-rollup.gitlab-ci.yml
# and add a pipeline schedule (CI/CD > Schedules) with the variable PLANCTL_ROLLUP=1.
planctl-rollup:
  image: python:3.12-slim
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule" && $PLANCTL_ROLLUP == "1"
    - if: $CI_PIPELINE_SOURCE == "web"
  variables:
    GIT_DEPTH: "0"
  cache:
    key: planctl-rollup
    paths: [.planctl_cache/federation]
  before_script:
    - apt-get update -qq && apt-get install -y -qq git
    - pip install "$PLANCTL_PIP"
  script:
    - planctl rollup -o out/rollup
  after_script:
    # the site's roll-up page is read from out/rollup/rollup.json; the files go beside it
    - planctl export html -o public && cp -r out/rollup public/rollup
  artifacts:
    when: always
    paths: [out/rollup, public]

pages:
  stage: deploy
  needs: [planctl-rollup]
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule" && $PLANCTL_ROLLUP == "1"
  script: ["true"]
  artifacts:
    paths: [public]
"""

FEDERATION_EXAMPLE = """\
#:schema ./schema/federation-toml.schema.json
# The members whose plans `planctl rollup` reads (docs/federation.md). One [[member]] each.
[federation]
name = "Skolans digitalisering: huvudmännens planer"
national = "."      # the national plan: this repository (or a git URL)
# ref = "main"      # the branch or tag members are checked against (default: HEAD)
# timeout = 60      # seconds one member's fetch may take
# jobs = 8          # members fetched at once

[[member]]
name = "Exempelkommun"
url = "https://git.example.se/exempelkommun/skolplan.git"
ref = "main"
kind = "municipal"  # municipal, independent, regional or state
code = "0000"       # the four-digit kommunkod (municipal members only)
"""


def write_rollup_ci(folder: Path) -> list[str]:
    """Write the roll-up's CI templates (and federation.toml, when there is none) into `folder`;
    a file that exists is kept. The paths written, relative to `folder`."""
    from planctl.federation.members import SCHEMA_FILE
    from planctl.fsutil import atomic_write
    from planctl.safefs import check_replaceable
    from planctl.schemas import schema_dir

    written = []
    schema = (schema_dir() / SCHEMA_FILE).read_text(encoding="utf-8")
    for rel, text in ((ROLLUP_GITHUB_PATH, ROLLUP_GITHUB_WORKFLOW), (ROLLUP_GITLAB_PATH, ROLLUP_GITLAB_CI),
                      ("federation.toml", FEDERATION_EXAMPLE), (f"schema/{SCHEMA_FILE}", schema)):
        target = folder / rel
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        check_replaceable(folder, target)
        atomic_write(target, text)
        written.append(rel)
    return written
