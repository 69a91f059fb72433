"""typer's help formatter (`typer.rich_utils`), imported without what planctl's help never draws.

`typer.rich_utils` imports `rich.markdown` (and with it markdown-it, about 35 ms) for the
"markdown" markup mode, and `rich.traceback` (about 20 ms) for pretty exceptions. planctl
uses neither: its help is in rich's markup mode and its app turns pretty exceptions off. Both
cost every `planctl --help` and `planctl COMMAND --help` a quarter of its time. While
`typer.rich_utils` is imported, the two modules are stand-ins whose `Markdown` and
`Traceback` are classes that import the real ones the moment anything uses them; then the
stand-ins are removed, so a later `import rich.markdown` gets the real module.
`tests/test_startup.py` holds the help text to what the real modules give.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_DEFERRED = (("rich.markdown", "Markdown"), ("rich.traceback", "Traceback"))


class _Deferred(type):
    """The class of a stand-in: calling it, its attributes and `isinstance` go to the real class."""

    _module: str
    _name: str

    def real(cls) -> Any:
        return getattr(importlib.import_module(cls._module), cls._name)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        return getattr(cls.real(), name)

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, cls.real())


def rich_utils() -> types.ModuleType:
    """`typer.rich_utils`, its Markdown and Traceback deferred (see the module's docstring)."""
    loaded = sys.modules.get("typer.rich_utils")
    if loaded is not None:
        return loaded
    planted: dict[str, types.ModuleType] = {}
    for module, name in _DEFERRED:
        if module not in sys.modules:
            stand_in = types.ModuleType(module, "planctl's stand-in while typer.rich_utils is imported")
            setattr(stand_in, name, _Deferred(name, (), {"_module": module, "_name": name}))
            sys.modules[module] = planted[module] = stand_in
    try:
        from typer import rich_utils as module_
    finally:
        for module, stand_in in planted.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]
    return module_
