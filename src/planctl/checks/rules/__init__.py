"""One module per rule. Each module defines ID, NAME, SEVERITY, CONF, SUMMARY,
EXPLANATION and `check(plan, ctx)`; a fixable rule also defines
`fix(data, kind, paths)`. `planctl.checks.registry` finds them all."""
