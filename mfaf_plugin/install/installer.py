"""Install the plugin's Python dependencies with QGIS's own Python into a plugin-owned folder.

Used by the algorithm "Install Python dependencies" (algorithms/install_dependencies.py); no QGIS
import here. The steps:

1. :func:`find_python`: the interpreter QGIS runs on. Inside QGIS ``sys.executable`` is often
   QGIS itself (``qgis``, ``qgis-bin.exe``, ``QGIS.app/Contents/MacOS/QGIS``), so the python
   next to it, in ``sys.exec_prefix`` or on PATH is taken, checked to be the same X.Y version.
2. :func:`resolve`: ``pip install --dry-run --ignore-installed --report`` resolves the pinned
   requirements (requirements.txt; numpy never, see below) to exact versions, as for an empty
   folder, with QGIS's numpy version as a constraint (pip then picks versions that accept it).
3. :func:`plan`: QGIS's numpy is never replaced or shadowed: numpy is left out, and the
   resolution is refused when QGIS's numpy does not satisfy a package's numpy requirement.
   The same holds for every package QGIS ships (numpy, scipy, matplotlib: :data:`SHIPPED`): left
   out, refused when a resolved package does not accept QGIS's version. Other packages QGIS already
   has at a version every resolved package accepts are left out too.
4. :func:`install`: ``pip install --target <folder> --no-deps --upgrade name==version ...``.
   pip only writes inside that folder; nothing of QGIS's Python is changed or uninstalled.

The plugin puts the folder first on ``sys.path`` when it loads (venv_path.add_deps_folder).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from ..common.errors import Canceled, InputError

__all__ = ["find_python", "pip_version", "read_requirements", "resolve", "plan", "install",
           "index_arguments", "SHIPPED", "TORCH_CPU_INDEX",
           "UNDECLARED_LIMITS", "undeclared_limits"]

TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
DEV_ONLY = {"pytest", "pytest-qgis", "pytest-xdist"}  # in requirements.txt for the developers' .venv only
NEVER = {"numpy"}  # QGIS's own numpy is used as it is
# Packages QGIS's Python often ships (Debian: python3-numpy, -scipy, -matplotlib): when present they
# are never installed again nor shadowed; a resolution that does not accept them is refused.
SHIPPED = ("numpy", "scipy", "matplotlib")
MIN_PIP = (22, 2)  # --dry-run and --report
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing up on Windows


def canonical(name: str) -> str:
    """PEP 503 name: ``Scikit_Learn`` -> ``scikit-learn``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_requirements(path: str) -> list:
    """The runtime requirement lines of ``requirements.txt`` (no comments, no test tools, no numpy)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name = canonical(re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0])
            if name not in DEV_ONLY and name not in NEVER:
                out.append(line)
    return out


def _run(cmd, timeout=120):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, creationflags=_NO_WINDOW)


_IDENTITY = "import os, sys; print(sys.version); print(os.path.realpath(sys.base_exec_prefix))"


def _identity(python: str):
    """What tells one Python installation from another: its full version and its prefix."""
    try:
        res = _run([python, "-c", _IDENTITY], timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return res.stdout.strip() if res.returncode == 0 else None


def find_python() -> str:
    """The Python interpreter of this process (QGIS's own), as a program pip can run with: the same
    version and installation (not merely another Python 3.x found on PATH)."""
    want = "{}.{}".format(*sys.version_info[:2])
    me = "{}\n{}".format(sys.version, os.path.realpath(sys.base_exec_prefix))
    exe = sys.executable or ""
    names = ["python{}".format(want), "python3", "python"]
    if os.name == "nt":
        names = ["python.exe", "python3.exe"] + names
    candidates = [exe] if os.path.basename(exe).lower().startswith("python") else []
    folders = [os.path.dirname(exe), os.path.join(os.path.dirname(exe), "bin"), sys.exec_prefix,
               os.path.join(sys.exec_prefix, "bin"), sys.base_exec_prefix, os.path.join(sys.base_exec_prefix, "bin")]
    candidates += [os.path.join(f, n) for f in folders if f for n in names]
    candidates += [shutil.which(n) or "" for n in names]
    seen = set()
    for path in candidates:
        if not path or path in seen or not os.path.isfile(path):
            continue
        seen.add(path)
        if _identity(path) == me:
            return path
    raise InputError(
        "QGIS's Python {} interpreter was not found (QGIS runs as {}; looked beside it, in {} and on PATH). "
        "Install the packages by hand with that Python: see docs/install.md.".format(want, exe, sys.exec_prefix))


def pip_version(python: str) -> tuple:
    """pip's version for ``python`` as a tuple; an InputError saying how to get pip when it is missing."""
    try:
        res = _run([python, "-m", "pip", "--version"], timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        res = None
        detail = str(exc)
    else:
        detail = (res.stderr or res.stdout).strip()[-300:]
    if res is None or res.returncode != 0:
        raise InputError(
            "QGIS's Python ({}) has no pip: {}. Install pip for it: on Debian or Ubuntu 'sudo apt install "
            "python3-pip'; in OSGeo4W the package python3-pip; elsewhere '{} -m ensurepip --user'.".format(
                python, detail, python))
    match = re.search(r"pip (\d+)\.(\d+)", res.stdout)
    version = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if version < MIN_PIP:
        raise InputError("pip {}.{} of QGIS's Python is too old (22.2 or newer is needed): update it with "
                         "'{} -m pip install --user --upgrade pip'.".format(version[0], version[1], python))
    return version


def index_arguments(torch_index: str = "", wheel_folder: str = "") -> list:
    """pip options for where packages come from: a local folder of wheels (offline, nothing else),
    or PyPI plus the extra index that holds the chosen torch build (e.g. CPU or a CUDA version)."""
    if wheel_folder:
        return ["--no-index", "--find-links", wheel_folder]
    return ["--extra-index-url", torch_index] if torch_index else []


def _pip(python, args, log, is_canceled, timeout=None):
    """Run ``python -m pip args``; stream its output to ``log``; stop it when canceled."""
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PYTHONNOUSERSITE="1")
    proc = subprocess.Popen([python, "-m", "pip"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env, creationflags=_NO_WINDOW)
    tail = []
    with proc.stdout:
        for line in proc.stdout:
            line = line.rstrip()
            if line:
                log(line)
                tail = (tail + [line])[-15:]
            if is_canceled is not None and is_canceled():
                proc.kill()
                proc.wait()
                raise Canceled("Canceled by the user; pip was stopped (the folder may hold some of the packages).")
    if proc.wait(timeout=timeout) != 0:
        raise InputError("pip failed (exit {}):\n{}".format(proc.returncode, "\n".join(tail)))


# Pairs whose metadata accept each other but which fail together: (package, first good version,
# constraint on another package while an older one is chosen). imbalanced-learn before 0.13 imports
# a private helper scikit-learn 1.6 removed; 0.13 needs numpy 1.24.3, so with QGIS's numpy 1.24.2
# (Debian 12) pip falls back to 0.12 beside the newest scikit-learn.
UNDECLARED_LIMITS = (("imbalanced-learn", "0.13", "scikit-learn<1.6"),)


def undeclared_limits(items) -> list:
    """The constraints of :data:`UNDECLARED_LIMITS` that a resolution (``items`` as :func:`resolve`
    returns them) needs: its older package is chosen and the other breaks the constraint."""
    Requirement, Version = _packaging()
    chosen = {canonical(it["name"]): Version(it["version"]) for it in items}
    out = []
    for name, good, limit in UNDECLARED_LIMITS:
        req = Requirement(limit)
        other = chosen.get(canonical(req.name))
        if name in chosen and chosen[name] < Version(good) and other is not None and other not in req.specifier:
            out.append(limit)
    return out


def resolve(python, requirements, sources, constraints=(), log=print, is_canceled=None) -> list:
    """Exact versions pip would install for ``requirements`` into an empty folder, within
    ``constraints`` (e.g. ``["numpy==1.24.2"]``, QGIS's numpy), and within the
    :data:`UNDECLARED_LIMITS` the first resolution turns out to need (pip is asked again).

    Returns a list of dicts ``name``, ``version``, ``requires`` (the requires_dist strings)."""
    items = _resolve_once(python, requirements, sources, constraints, log, is_canceled)
    extra = undeclared_limits(items)
    if extra:
        log("Resolving again with {} (known not to work together otherwise)".format(", ".join(extra)))
        items = _resolve_once(python, requirements, sources, list(constraints) + extra, log, is_canceled)
    return items


def _resolve_once(python, requirements, sources, constraints, log, is_canceled) -> list:
    with tempfile.TemporaryDirectory(prefix="mfaf_pip_") as tmp:
        report = os.path.join(tmp, "report.json")
        limits = os.path.join(tmp, "constraints.txt")
        with open(limits, "w", encoding="utf-8") as fh:
            fh.write("\n".join(constraints) + "\n")
        _pip(python, ["install", "--dry-run", "--ignore-installed", "--quiet", "--report", report, "-c", limits]
             + sources + list(requirements), log, is_canceled)
        with open(report, encoding="utf-8") as fh:
            data = json.load(fh)
    return [{"name": it["metadata"]["name"], "version": it["metadata"]["version"],
             "requires": it["metadata"].get("requires_dist") or []} for it in data.get("install", [])]


def _packaging():
    try:
        from packaging.requirements import Requirement
        from packaging.version import Version
    except ImportError:  # pip ships its own copy
        from pip._vendor.packaging.requirements import Requirement
        from pip._vendor.packaging.version import Version
    return Requirement, Version


def installed_versions(exclude=()) -> dict:
    """{canonical name: version} of the distributions this Python sees, outside ``exclude`` folders."""
    from importlib import metadata

    paths = [p for p in sys.path if not any(os.path.abspath(p).startswith(os.path.abspath(e)) for e in exclude)]
    out = {}
    for dist in metadata.distributions(path=paths):
        name = dist.metadata["Name"]
        if name:
            out.setdefault(canonical(name), dist.version)
    return out


def plan(items, requirements, have) -> list:
    """The resolved ``items`` to install: without numpy (QGIS's stays; refused when it does not fit) and
    without packages ``have`` (QGIS's, {name: version}) already holds at an accepted version."""
    Requirement, Version = _packaging()
    specs = {}  # canonical name -> [(SpecifierSet, who needs it)]
    for who, lines in [("requirements", requirements)] + [
            ("{} {}".format(it["name"], it["version"]), it["requires"]) for it in items]:
        for line in lines:
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate({"extra": ""}):
                continue
            specs.setdefault(canonical(req.name), []).append((req.specifier, who))

    def accepted(name, version):
        return all(spec.contains(Version(version), prereleases=True) for spec, _ in specs.get(name, []))

    for name in SHIPPED:
        if name in have and not accepted(name, have[name]):
            needs = ["{} needs {}{}".format(who, name, spec) for spec, who in specs[name]
                     if not spec.contains(Version(have[name]), prereleases=True)]
            raise InputError("QGIS's {} {} does not fit: {}. Pin older versions in 'Packages to install', or use a "
                             "QGIS with a newer {}.".format(name, have[name], "; ".join(needs), name))

    def provided(name):
        return name in have and (name in SHIPPED or accepted(name, have[name]))

    return [it for it in items if not provided(canonical(it["name"]))]


def install(python, items, target, sources, log=print, is_canceled=None) -> list:
    """pip-install exactly ``items`` (no dependency resolution left) into ``target``; return the
    ``name==version`` strings installed."""
    pins = ["{}=={}".format(it["name"], it["version"]) for it in items]
    if not pins:
        return []
    os.makedirs(target, exist_ok=True)
    _pip(python, ["install", "--target", target, "--no-deps", "--upgrade", "--no-warn-script-location"]
         + sources + pins, log, is_canceled)
    return pins
