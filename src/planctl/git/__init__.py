"""Everything planctl does with git: commits, history, plans at a revision.

GitPython is imported inside these modules only, so commands that never touch
git do not pay for it. We drive the git executable (through GitPython) rather
than writing objects ourselves, so that the repository's hooks, signing and
configuration apply as they would to any `git commit`.
"""
