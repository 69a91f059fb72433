"""The CI files `planctl init` writes: `planctl check` on every push and merge request.

GitHub gets annotations on the pull request (and the full list in the log)
plus a SARIF upload for code scanning; GitLab gets a Code Quality report and
JUnit test report in the merge request widget. Both fail the pipeline on
errors through the plain `planctl check` exit code.
"""

from __future__ import annotations

GITHUB_WORKFLOW_PATH = ".github/workflows/planctl.yml"
GITLAB_CI_PATH = ".gitlab-ci.yml"

# The Node 24 majors (checkout v7, setup-python v7, codeql-action v4): GitHub removed Node 20
# from its runners in September 2026, and actionlint flags the node20 majors.
GITHUB_WORKFLOW = """\
# Written by `planctl init`: checks the plan on every push and pull request.
name: planctl

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  check:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write  # for the SARIF upload to code scanning
    steps:
      - uses: actions/checkout@v7
      - uses: actions/setup-python@v7
        with:
          python-version: "3.12"
      # The name `planctl` on PyPI belongs to another project: install this tool from
      # where your team keeps it (a git URL or a wheel), set as the PLANCTL_PIP variable.
      - run: pip install "${{ vars.PLANCTL_PIP }}"
      # Inside GitHub Actions the format is `github`: each problem is an annotation
      # on the changed line, and the full list is printed to the log. Fails on errors
      # (add --strict to fail on warnings too).
      - name: planctl check
        run: planctl check
      # Code scanning (Security tab). Needs code scanning enabled for the repository;
      # remove these two steps if it is not available.
      - name: planctl check (SARIF)
        if: always()
        run: planctl check --format sarif --output-file planctl.sarif --exit-zero
      - uses: github/codeql-action/upload-sarif@v4
        if: always()
        with:
          sarif_file: planctl.sarif
          category: planctl
"""

GITLAB_CI = """\
# Written by `planctl init`: checks the plan on every push and merge request.
planctl:
  image: python:3.12-slim
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH
  script:
    # The name `planctl` on PyPI belongs to another project: install this tool from
    # where your team keeps it (a git URL or a wheel), set as the CI/CD variable PLANCTL_PIP.
    - pip install "$PLANCTL_PIP"
    - planctl check --format gitlab --output-file gl-code-quality-report.json --exit-zero
    - planctl check --format junit --output-file planctl-junit.xml --exit-zero
    # The job fails on errors (add --strict to fail on warnings too).
    - planctl check --format concise
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
      junit: planctl-junit.xml
"""
