"""Editing the plan from a terminal: add, set, rm, mv and milestone (import and lint --fix share the path).

Each operation reads the plan with the fast loader (for ids, references and
checks), computes new text only for the files it touches (spliced in place by
`planctl.edit.splice`, so every byte it was not asked to change stays), checks that
the result introduces no new errors, and writes all its files as one
transaction (`planctl.txn`) while holding the plan's edit lock (`session`).
"""
