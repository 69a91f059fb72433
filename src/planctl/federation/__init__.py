"""Federation: member plans that serve an upstream (national) plan, and the national roll-up.

A member plan names its upstream in planctl.toml's `[upstream]` and refers to the
upstream's goals by namespaced id (`nat:FO1.2`). `upstream` fetches and reads the
pinned revision from a bare clone in `.planctl_cache/upstream/`; `members` reads a
`federation.toml`; `rollup` fetches every member and counts what serves what.
"""
