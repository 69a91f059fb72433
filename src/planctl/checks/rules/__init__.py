"""One module per rule. Each module defines ID, NAME, SEVERITY, TYPE, CONF,
SUMMARY, EXPLANATION and `check(plan, ctx)`; a fixable rule also defines
`fix(data, kind, paths)`. `planctl.checks.registry` finds them all.

TYPE is "document" when what the rule finds in a file depends on that file
alone (then its findings are cached per file, and `check` must look at each
document or entity on its own, duplicates included: iterate `plan.documents`
or `plan.every(...)`, never the id indexes or `ctx.refs`; it is shown only
documents whose data is a mapping), and "plan" when it reads across files."""
