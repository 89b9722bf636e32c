"""The sensor's modules import each other without a cycle.

Every import between the package's modules counts, at module level and inside functions alike
(``from . import x``, ``from .x import y``, ``import umlaut_instrument.x``,
``from umlaut_instrument import x``): a function-level import still ties the two modules
together, and a cycle through one is how a start-up path ends up re-entering itself.
"""

import ast

from conftest import PACKAGE

PACKAGE_NAME = "umlaut_instrument"
SOURCES = PACKAGE / PACKAGE_NAME


def imports_of(source, modules):
    """The package modules that ``source`` (a module's text) imports anywhere in its body."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 or (node.level == 0 and node.module and node.module.split(".")[0] == PACKAGE_NAME):
                parts = (node.module or "").split(".") if node.level == 1 else node.module.split(".")[1:]
                if parts and parts[0]:
                    found.add(parts[0])  # from .x import y / from umlaut_instrument.x import y
                else:
                    found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == PACKAGE_NAME and len(parts) > 1:
                    found.add(parts[1])
    return found & modules


def import_graph():
    modules = {path.stem for path in SOURCES.glob("*.py") if path.stem != "__init__"}
    return {name: imports_of((SOURCES / f"{name}.py").read_text(), modules) - {name} for name in modules}


def cycle_in(graph):
    """One import cycle as a list of modules (first repeated at the end), or ``None``."""
    state = {}
    stack = []

    def visit(name):
        state[name] = "open"
        stack.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state:
            found = visit(name)
            if found:
                return found
    return None


def test_the_sensor_import_graph_has_no_cycle():
    graph = import_graph()
    # The graph is the real one: the edges the start-up path depends on are all seen.
    assert "importhook" in graph["session"]  # function-level, in start()
    assert "session" in graph["keras_hooks"]  # function-level, in _run_from_fit_frame()
    assert {"torch_loop", "torch_gradients", "torch_probe"} <= graph["torch_hooks"]
    assert {"keras_data", "keras_describe", "keras_probe"} <= graph["keras_hooks"]
    assert cycle_in(graph) is None, " -> ".join(cycle_in(graph))


def test_the_cycle_check_sees_function_level_and_absolute_imports():
    modules = {"a", "b", "c"}
    assert imports_of("def f():\n    from . import b\n", modules) == {"b"}
    assert imports_of("import umlaut_instrument.c\n", modules) == {"c"}
    assert imports_of("from umlaut_instrument import a, b\n", modules) == {"a", "b"}
    assert imports_of("from .c import thing\n", modules) == {"c"}
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle_in({"a": {"b"}, "b": {"c"}, "c": set()}) is None
