"""Rewrite the rule reference in docs/checks.md from the rule registry.

    python scripts/gen_checks_doc.py          # rewrite it (atomically); prose outside the markers is kept
    python scripts/gen_checks_doc.py --check  # exit 1 if it is out of date, writing nothing

The reference is what `planctl rules --format markdown` prints; a rule's text
lives in its module under src/planctl/checks/rules/ (the built-in codes in
src/planctl/codes.py), never in the document.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planctl.checks.registry import catalogue
from planctl.checks.ruledoc import reference_markdown, update_document
from planctl.fsutil import atomic_write

DOC = Path(__file__).resolve().parent.parent / "docs" / "checks.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the file is current")
    parser.add_argument("--doc", type=Path, default=DOC, help="the document to update (default: docs/checks.md)")
    args = parser.parse_args(argv)
    text = args.doc.read_text(encoding="utf-8")
    try:
        fresh = update_document(text, reference_markdown(catalogue().values()))
    except ValueError as exc:
        print(f"{args.doc}: {exc}", file=sys.stderr)
        return 2
    if fresh == text:
        return 0
    if args.check:
        print(f"{args.doc}: the rule reference is out of date; run python scripts/gen_checks_doc.py", file=sys.stderr)
        return 1
    atomic_write(args.doc, fresh)
    print(f"updated {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
