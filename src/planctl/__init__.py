"""planctl: keep a living action plan as YAML files in git, and keep it right."""

__version__ = "0.1.0"
