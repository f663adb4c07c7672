"""The shape of the core (mfaf_plugin/), read from its imports (ast; nothing is imported to read them).

* no import circle between modules (function-level imports count: a circle there is a circle);
* subpackages layered (docs/architecture.md): a module imports modules of its own package or of
  a lower one, never of a higher one or a sibling of the same layer;
* no private name (``_x``) taken from another module, by ``from m import _x`` or ``m._x``, in the
  core and in ``algorithms/``;
* no QGIS anywhere in the core, the core never imports ``algorithms/``;
* each subpackage's ``__init__.py`` holds only a docstring, and loading the plugin (the provider
  and every algorithm module) imports no torch: checked statically and in a real interpreter.
"""

import ast
import os
import subprocess
import sys

import pytest

from mfaf_testing import REPO

CORE = "mfaf_plugin"
# lower layers first; a package may import its own modules and those of lower layers only
LAYERS = (("common",), ("scoring", "install"), ("data",), ("windows",), ("training",), ("scaleout",),
          ("prediction",), ("evaluation",), ("reports",))
RANK = {pkg: i for i, names in enumerate(LAYERS) for pkg in names}


def _modules(root=REPO):
    """{dotted name: path} of every module under mfaf_plugin/ (packages by their own name)."""
    out = {}
    for d, dirs, files in os.walk(os.path.join(str(root), CORE)):
        dirs[:] = [x for x in dirs if x != "__pycache__"]
        for f in files:
            if f.endswith(".py"):
                rel = os.path.relpath(os.path.join(d, f), str(root))[:-3].replace(os.sep, ".")
                out[rel[: -len(".__init__")] if rel.endswith(".__init__") else rel] = os.path.join(d, f)
    return out


def _tree(path):
    with open(path, encoding="utf-8") as fh:
        return ast.parse(fh.read(), filename=path)


def _base(name: str, path: str, node: ast.ImportFrom) -> str:
    """The absolute (repo-relative) module of a ``from ... import`` in module ``name``."""
    if node.level == 0:
        mod = node.module or ""
        return mod[len("mfaf."):] if mod.startswith("mfaf.") else mod
    parts = name.split(".")
    pkg = parts if path.endswith("__init__.py") else parts[:-1]
    pkg = pkg[: len(pkg) - (node.level - 1)]
    return ".".join(pkg + ([node.module] if node.module else []))


def _imports(name: str, path: str, mods: dict):
    """``(target module, imported name or None, line)`` of every import of the module, at any depth;
    ``from pkg import module`` points at the module."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom):
            base = _base(name, path, node)
            for a in node.names:
                full = base + "." + a.name
                yield (full, None, node.lineno) if full in mods else (base, a.name, node.lineno)
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield (a.name[len("mfaf."):] if a.name.startswith("mfaf.") else a.name), None, node.lineno


def _graph(mods: dict) -> dict:
    """{module: {modules it imports}} inside the core (the package roots' own __init__ left out)."""
    arrows = {m: set() for m in mods}
    for m, path in mods.items():
        for target, _name, _line in _imports(m, path, mods):
            if target in mods and target != m and target != CORE:
                arrows[m].add(target)
    return arrows


def _circles(arrows: dict) -> list:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in sorted(arrows):
        if root in index:
            continue
        work = [(root, iter(sorted(arrows[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        x = stack.pop()
                        on.discard(x)
                        comp.append(x)
                        if x == v:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
            elif w not in index:
                index[w] = low[w] = counter[0]
                counter[0] += 1
                stack.append(w)
                on.add(w)
                work.append((w, iter(sorted(arrows[w]))))
            elif w in on:
                low[v] = min(low[v], index[w])
    return out


def _private_uses(root=REPO) -> list:
    """``file:line name`` of every private name one module takes from another (core and algorithms)."""
    mods = _modules(root)
    files = dict(mods)
    alg = os.path.join(str(root), "algorithms")
    for f in sorted(os.listdir(alg)):
        if f.endswith(".py"):
            files["algorithms." + f[:-3]] = os.path.join(alg, f)
    found = []
    for m, path in sorted(files.items()):
        aliases = {}
        for target, name, line in _imports(m, path, mods):
            if target not in mods or target == m:
                continue
            if name is None:
                continue
            if name.startswith("_") and not name.startswith("__"):
                found.append("{}:{} {}.{}".format(m, line, target, name))
        tree = _tree(path)
        for node in ast.walk(tree):  # names bound to core modules: "from . import x", "import a.b as x"
            if isinstance(node, ast.ImportFrom):
                base = _base(m, path, node)
                for a in node.names:
                    if base + "." + a.name in mods:
                        aliases[a.asname or a.name] = base + "." + a.name
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")
                    and aliases[node.value.id] != m):
                found.append("{}:{} {}.{}".format(m, node.lineno, aliases[node.value.id], node.attr))
    return found


def _package(module: str):
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else None


def test_no_import_circle_between_core_modules():
    circles = _circles(_graph(_modules()))
    assert circles == [], "modules that import each other (directly or around a circle): {}".format(circles)


def test_subpackages_import_only_downwards():
    mods = _modules()
    loose = sorted(m for m, path in mods.items() if m.count(".") == 1 and not path.endswith("__init__.py"))
    assert loose == [], "modules outside a subpackage (docs/architecture.md lists where each concern goes): {}".format(
        loose)
    assert sorted(p for p in {_package(m) for m in mods} if p) == sorted(RANK), "subpackages and LAYERS differ"
    wrong = []
    for m, targets in _graph(mods).items():
        for t in targets:
            a, b = _package(m), _package(t)
            if a and b and a != b and not RANK[b] < RANK[a]:
                wrong.append("{} -> {}".format(m, t))
    assert wrong == [], "imports that run up or sideways between layers: {}".format(sorted(wrong))


def test_no_private_name_taken_from_another_module():
    assert _private_uses() == []


def test_core_never_imports_qgis_or_the_algorithms():
    mods = _modules()
    bad = ["{}:{} {}".format(m, line, t) for m, path in mods.items() for t, _n, line in _imports(m, path, mods)
           if t.split(".")[0] in ("qgis", "processing", "algorithms", "PyQt5", "PyQt6")]
    assert bad == []


def test_subpackage_init_files_hold_only_a_docstring():
    for m, path in _modules().items():
        if path.endswith("__init__.py") and m != CORE:
            body = _tree(path).body
            assert len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant), m


def _module_level_imports(path):
    """Imports a module runs when it is loaded (top level, and inside top-level if/try blocks)."""
    todo, out = list(_tree(path).body), []
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        elif isinstance(node, (ast.If, ast.Try)):
            todo += node.body + node.orelse + getattr(node, "finalbody", []) + \
                [x for h in getattr(node, "handlers", []) for x in h.body]
    return out


def test_plugin_load_imports_no_torch_statically():
    """Follow the load-time imports from plugin.py through algorithms/ into the core: none reaches torch."""
    mods = _modules()
    files = dict(mods)
    for f in os.listdir(os.path.join(str(REPO), "algorithms")):
        if f.endswith(".py"):
            files["algorithms." + f[:-3]] = os.path.join(str(REPO), "algorithms", f)
    files["plugin"] = os.path.join(str(REPO), "plugin.py")
    seen, todo, chains = set(), [("plugin", ("plugin",))], []
    while todo:
        m, chain = todo.pop()
        if m in seen or m not in files:
            continue
        seen.add(m)
        for node in _module_level_imports(files[m]):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [_base(m, files[m], node)] + [_base(m, files[m], node) + "." + a.name for a in node.names])
            for t in names:
                t = t[len("mfaf."):] if t.startswith("mfaf.") else t
                if t.split(".")[0] in ("torch", "torchvision", "models"):
                    chains.append(" -> ".join(chain + (t,)))
                elif t in files:
                    todo.append((t, chain + (t,)))
    assert chains == [], "torch (or models/, which imports it) at plugin load: {}".format(chains)


@pytest.mark.slow
def test_plugin_load_imports_no_torch_in_a_real_interpreter():
    code = ("import sys; sys.path.insert(0, {plugins!r}); import mfaf, mfaf.plugin, mfaf.algorithms.provider, "
            "pkgutil, importlib; import mfaf.algorithms as a; "
            "[importlib.import_module('mfaf.algorithms.' + m.name) for m in pkgutil.iter_modules(a.__path__)]; "
            "print(sorted(k for k in sys.modules if k.split('.')[0] in ('torch', 'torchvision')))").format(
        plugins=os.path.join(str(REPO), "build", "plugins"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _top_level_names(path) -> set:
    """Names a module defines or imports at its top level (what ``from it import x`` can take)."""
    names = set()
    for node in _tree(path).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                names.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.If, ast.Try)):
            names.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
            names.update((a.asname or a.name).split(".")[0] for n in ast.walk(node)
                         if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names)
    return names


def _unresolved_imports(root=REPO) -> list:
    """``file:line module.name`` of every import of the plugin's own code (core, algorithms, models)
    that names a module or a name that does not exist: a lazy import inside a function fails only
    when that branch runs, so a moved module must be caught here."""
    mods = _modules(root)
    for pkg in ("algorithms", "models"):
        folder = os.path.join(str(root), pkg)
        for f in sorted(os.listdir(folder)):
            if f.endswith(".py"):
                mods[pkg if f == "__init__.py" else pkg + "." + f[:-3]] = os.path.join(folder, f)
    own = (CORE, "algorithms", "models")
    found = []
    for m, path in sorted(mods.items()):
        for target, name, line in _imports(m, path, mods):
            if target.split(".")[0] not in own:
                continue
            if target not in mods:
                found.append("{}:{} {}".format(m, line, target))
            elif name is not None and name != "*" and name not in _top_level_names(mods[target]):
                found.append("{}:{} {}.{}".format(m, line, target, name))
    return found


def test_every_import_of_the_plugins_own_code_resolves():
    assert _unresolved_imports() == []
