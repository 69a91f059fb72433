"""Everything planctl does with git: commits, history, plans at a revision.

We drive the git executable (`repo.run_git`: argument lists, never a shell)
rather than writing objects ourselves, so that the repository's hooks, signing
and configuration apply as they would to any `git commit`. We call it directly,
not through GitPython: importing GitPython and building its `Repo` cost about
0.1 s of every history command's start-up, for a `subprocess.run` that we need
to shape anyway (bytes for `cat-file --batch`, English messages).
"""
