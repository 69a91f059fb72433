"""Editing the plan from a terminal: add, set, rm and mv.

Each operation reads the plan with the fast loader (for ids, references and
checks), computes new text only for the files it touches (spliced in place by
`planctl.edit.splice`, so every byte it was not asked to change stays), checks that
the result introduces no new errors, and writes through `fsutil.atomic_write`
while holding the plan's edit lock.
"""
