"""The outputs of one run: temporary names, one commit at the end, a lock per output.

* :func:`part_path` names the temporary sibling an output is written to:
  ``.<name>.part-<pid>-<random><ext>``, hidden, in the output's own folder (so that the final
  rename is atomic) and carrying the writer's process id (so that a later run can tell the
  leftovers of a killed run from the files of a live one).
* :func:`run_outputs` makes a run's declared outputs (files, and files directly inside
  declared output folders) one unit: while it is active (per thread),
  :func:`atomic_output` stages a finished output instead of renaming it,
  and the staged files are renamed into place together when the whole run has succeeded. On
  any error or cancel every staged file is removed and the earlier outputs stay as they were.
  Reads of a staged output within the run (e.g. the report reading the probability raster)
  see the staged file (:func:`current_path`).
* :func:`lock_outputs` holds an exclusive lock file ``<output>.lock`` (process id and host)
  per output for the duration of the run: a second run writing the same output is refused.
  The lock is an OS file lock, released by the system when a run is killed, so the lock file
  of a dead run is simply taken over.
* :func:`clean_stale_parts` removes the temporaries of runs that were killed (their process
  is gone); :func:`clean_leftovers` sweeps whole output folders before a run: the temporaries
  of killed runs of any output there, and the lock files of runs whose process is gone (no
  process holds the lock, and the process it names has ended on this machine).
"""

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import socket
import threading
import time
from typing import Callable, Iterable, Iterator, List, Optional, Sequence

from .errors import InputError

__all__ = ["PART", "atomic_output", "part_path", "new_part", "cannot_write", "RunOutputs", "run_outputs", "active_run",
           "current_path", "lock_outputs", "clean_stale_parts", "clean_leftovers", "Leftovers", "pid_alive",
           "remove_entry"]

PART = ".part-"
_PART_RE = re.compile(r"\.part-(?:(\d+)-[0-9a-f]{8}|[A-Za-z0-9_]{8})(?:\W|$)")
_OLD_PART_AGE_S = 3600.0  # temporaries without a pid (older versions) count as stale after this
_local = threading.local()


def _norm(path: str) -> str:
    return os.path.normcase(os.path.realpath(os.path.abspath(str(path))))


# -- temporary names --------------------------------------------------------------------------
def part_path(path: str) -> str:
    """The temporary sibling of ``path``: ``<folder>/.<stem>.part-<pid>-<random><ext>``."""
    folder, name = os.path.split(os.path.abspath(str(path)))
    stem, ext = os.path.splitext(name)
    return os.path.join(folder, ".{}{}{}-{}{}".format(stem, PART, os.getpid(), secrets.token_hex(4), ext))


def cannot_write(path: str, exc: OSError) -> InputError:
    """A plain refusal naming the user's output ``path`` (never the temporary name)."""
    folder = os.path.dirname(os.path.abspath(str(path)))
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return InputError("Cannot write '{}': the folder '{}' is read-only or you may not write there. Choose "
                          "another folder for this output.".format(path, folder))
    if isinstance(exc, (NotADirectoryError, FileExistsError)) or exc.errno in (errno.ENOTDIR, errno.EEXIST):
        return InputError("Cannot write '{}': '{}' is not a folder (a file of that name is in the way). Choose "
                          "another folder for this output.".format(path, folder))
    return InputError("Cannot write '{}': {}. Choose another folder for this output.".format(
        path, exc.strerror or exc))


def new_part(path: str) -> str:
    """Create ``path``'s folder if needed and return a fresh temporary name beside ``path``,
    after checking that a file can be created there (the name itself is left free, since some
    writers refuse an existing file).

    Raises:
        InputError: the folder cannot be made or written, naming ``path``.
    """
    tmp = part_path(path)
    try:
        os.makedirs(os.path.dirname(tmp), exist_ok=True)
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        os.close(fd)
        os.remove(tmp)
    except OSError as exc:
        raise cannot_write(path, exc) from exc
    return tmp


def remove_entry(path: str) -> None:
    """Remove a file or folder, quietly (a leftover that cannot go is cleaned by a later run)."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        elif os.path.lexists(path):
            os.remove(path)
    except OSError:
        pass


# -- one commit for the run's outputs -----------------------------------------------------------
class RunOutputs:
    """The declared outputs of one run and the files staged for them (see the module docstring)."""

    def __init__(self, files: Iterable[str] = (), folders: Iterable[str] = ()):
        self.files = {_norm(p) for p in files}
        self.folders = {_norm(p) for p in folders}
        self._staged = {}  # normalised final path -> (readable temp, commit callable, temps)
        self._before_commit: List[Callable[[], None]] = []

    def owns(self, path: str) -> bool:
        """True when ``path`` is a declared output file or lies directly in a declared folder."""
        p = _norm(path)
        return p in self.files or os.path.dirname(p) in self.folders

    def stage(self, path: str, readable: str, commit: Callable[[], None], temps: Sequence[str]) -> None:
        """Record a finished output: ``commit()`` moves it into place at the end of the run;
        ``temps`` are removed if the run fails. A later write of the same output replaces it."""
        old = self._staged.pop(_norm(path), None)
        if old is not None:
            for t in old[2]:
                remove_entry(t)
        self._staged[_norm(path)] = (readable, commit, list(temps))

    def staged(self, path: str) -> Optional[str]:
        entry = self._staged.get(_norm(path))
        return entry[0] if entry else None

    def before_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` (e.g. close a feature sink) before the renames, and before a discard."""
        self._before_commit.append(action)

    def _close_writers(self) -> None:
        actions, self._before_commit = self._before_commit, []
        for action in actions:
            action()

    def commit(self) -> None:
        self._close_writers()
        staged, self._staged = self._staged, {}
        for _path, (_readable, commit, _temps) in staged.items():
            commit()

    def discard(self) -> None:
        try:
            self._close_writers()
        finally:
            staged, self._staged = self._staged, {}
            for _readable, _commit, temps in staged.values():
                for t in temps:
                    remove_entry(t)


def active_run() -> Optional[RunOutputs]:
    """The :class:`RunOutputs` of the run active in this thread, or None."""
    stack = getattr(_local, "runs", None)
    return stack[-1] if stack else None


def current_path(path: str) -> str:
    """``path``, or the staged file standing for it while the active run has not committed."""
    run = active_run()
    staged = run.staged(path) if run is not None else None
    return staged or path


@contextlib.contextmanager
def run_outputs(files: Iterable[str] = (), folders: Iterable[str] = ()) -> Iterator[RunOutputs]:
    """Make ``files`` and the files in ``folders`` one unit for the duration of the block: they
    are renamed into place together when the block ends normally, removed when it raises."""
    run = RunOutputs(files, folders)
    stack = getattr(_local, "runs", None)
    if stack is None:
        stack = _local.runs = []
    stack.append(run)
    try:
        yield run
    except BaseException:
        stack.remove(run)
        run.discard()
        raise
    stack.remove(run)
    try:
        run.commit()
    except BaseException:
        run.discard()
        raise


# -- processes ----------------------------------------------------------------------------------
def pid_alive(pid: int) -> bool:
    """True when a process ``pid`` runs on this machine (this process included)."""
    pid = int(pid)
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would terminate the process there
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _stale(entry: str, full: str) -> bool:
    m = _PART_RE.search(entry)
    if m is None:
        return False
    if m.group(1) is not None:
        return not pid_alive(int(m.group(1)))
    try:
        return time.time() - os.path.getmtime(full) > _OLD_PART_AGE_S
    except OSError:
        return False


def clean_stale_parts(paths: Iterable[str] = (), folders: Iterable[str] = ()) -> int:
    """Remove the temporaries of killed runs: those of each output in ``paths`` (beside it) and
    every temporary directly inside ``folders``. Returns how many entries were removed."""
    removed = 0
    targets = []
    for p in paths:
        folder, name = os.path.split(os.path.abspath(str(p)))
        stem = os.path.splitext(name)[0]
        targets.append((folder, (".{}{}".format(stem, PART), ".{}{}".format(name, PART))))
    for f in folders:
        targets.append((os.path.abspath(str(f)), (".",)))
    for folder, prefixes in targets:
        for entry, full in _listing(folder):
            if entry.startswith(prefixes) and PART in entry and _stale(entry, full):
                remove_entry(full)
                removed += 0 if os.path.lexists(full) else 1
    return removed


# -- locks --------------------------------------------------------------------------------------
def _try_lock(fd: int) -> bool:
    """An exclusive, non-blocking OS lock on ``fd``; False when another open file holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN, errno.EDEADLK):
            return False
        return True  # a file system without locks: the lock file alone has to do


def _unlock(fd: int) -> None:
    try:
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass


def _owner(fd: int) -> str:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        host = info.get("host")
        where = "" if not host or host == socket.gethostname() else " on {}".format(host)
        return " (process {}{})".format(int(info["pid"]), where)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return ""


def _acquire(path: str):
    lock = os.path.abspath(str(path)).rstrip("/\\") + ".lock"
    for _attempt in range(10):
        try:
            os.makedirs(os.path.dirname(lock), exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise cannot_write(path, exc) from exc
        if not _try_lock(fd):
            owner = _owner(fd)
            os.close(fd)
            raise InputError("Another run{} is writing '{}' now. Wait until it has finished, or choose another "
                             "output file.".format(owner, path))
        try:  # the lock file may have been removed (and made again) by a run that just finished
            same = os.path.samestat(os.fstat(fd), os.stat(lock))
        except OSError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                     "started": time.strftime("%Y-%m-%dT%H:%M:%S")}).encode("utf-8"))
            return lock, fd
        _unlock(fd)
        os.close(fd)
    raise InputError("Cannot lock '{}': other runs keep taking it. Try again.".format(path))


def _release(lock: str, fd: int) -> None:
    try:
        os.remove(lock)
    except OSError:
        pass
    _unlock(fd)
    os.close(fd)


def _lock_owner(fd: int) -> Optional[dict]:
    """The process and host a lock file of this plugin names, or None (not one of ours)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        info = json.loads(os.read(fd, 4096).decode("utf-8"))
        return info if isinstance(info, dict) and {"pid", "host", "started"} <= set(info) else None
    except (OSError, ValueError):
        return None


def _remove_dead_lock(path: str) -> Optional[int]:
    """Remove the lock file ``path`` when no process holds it and the process it names has ended
    on this machine; return that process id, else None."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return None
    try:
        if not _try_lock(fd):
            return None  # a live run holds it
        try:
            info = _lock_owner(fd)
            if info is None or info.get("host") not in (None, socket.gethostname()) or pid_alive(int(info["pid"])):
                return None
            os.remove(path)  # while holding the lock: a run opening it now sees it gone and makes a new one
            return int(info["pid"])
        except (OSError, ValueError, TypeError):
            return None
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def _listing(folder: str) -> list:
    """``(name, path)`` of every entry of ``folder``; none when it cannot be listed (gone, not a folder)."""
    try:
        return [(entry, os.path.join(folder, entry)) for entry in os.listdir(folder)]
    except OSError:
        return []


class Leftovers:
    """What :func:`clean_leftovers` removed: counts and the process ids of the interrupted runs."""

    def __init__(self):
        self.parts, self.locks, self.pids = 0, 0, set()

    def __bool__(self):
        return bool(self.parts or self.locks)


def clean_leftovers(folders: Iterable[str]) -> Leftovers:
    """Remove from each folder the temporaries (``.<name>.part-<pid>-...``) and the lock files
    (``<name>.lock``) that runs of processes now gone left there."""
    found = Leftovers()
    for folder in sorted({os.path.abspath(str(f)) for f in folders}):
        for entry, full in _listing(folder):
            m = _PART_RE.search(entry)
            if entry.startswith(".") and m is not None and _stale(entry, full):
                remove_entry(full)
                if not os.path.lexists(full):
                    found.parts += 1
                    found.pids.update([int(m.group(1))] if m.group(1) else [])
            elif entry.endswith(".lock") and os.path.isfile(full):
                pid = _remove_dead_lock(full)
                if pid is not None:
                    found.locks += 1
                    found.pids.add(pid)
    return found


@contextlib.contextmanager
def lock_outputs(paths: Iterable[str]) -> Iterator[None]:
    """Hold ``<path>.lock`` for every path for the duration of the block.

    Raises:
        InputError: another run holds one of the locks (naming its process), or a lock file
            cannot be created (naming the output).
    """
    held = []
    try:
        for p in sorted({os.path.abspath(str(p)) for p in paths}):
            held.append(_acquire(p))
        yield
    finally:
        for lock, fd in reversed(held):
            _release(lock, fd)


# -- one output, whole or not at all -------------------------------------------------------------
@contextlib.contextmanager
def atomic_output(path: str, sidecars: Sequence[str] = ()) -> Iterator[str]:
    """Yield a temporary path next to ``path``; move it (and sidecar files) into place on success.

    ``sidecars`` are suffixes (e.g. ``".json"``) of files written beside the temporary path
    that move with it. On any exception every temporary file is removed and ``path`` is left
    untouched (an older file there stays as it was). While a run of
    :func:`run_outputs` declares ``path`` as one of its outputs, the finished
    file is staged and moved into place with the run's other outputs when the whole run succeeded.

    Raises:
        InputError: the folder cannot be written, or writing failed (naming ``path``, not the
            temporary name).
    """
    path = os.path.abspath(path)
    tmp = new_part(path)
    temps = [tmp, tmp + ".aux.xml"] + [tmp + s for s in sidecars]
    staged = False
    try:
        try:
            yield tmp
        except (OSError, RuntimeError) as exc:
            if tmp not in str(exc):
                raise
            raise InputError("Could not write '{}': {}".format(path, str(exc).replace(tmp, path))) from exc
        run = active_run()
        if run is not None and run.owns(path):
            run.stage(path, tmp, lambda: _move_into_place(tmp, path, sidecars), temps)
            staged = True
        else:
            _move_into_place(tmp, path, sidecars)
    finally:
        if not staged:
            for leftover in temps:
                if os.path.exists(leftover):
                    os.remove(leftover)


def _move_into_place(tmp: str, path: str, sidecars: Sequence[str]) -> None:
    for suffix in sidecars:
        if os.path.exists(tmp + suffix):
            os.replace(tmp + suffix, path + suffix)
    os.replace(tmp, path)
    # GDAL may leave a PAM sidecar for the temporary name; carry it along. Otherwise drop the
    # sidecar of the file replaced (statistics, descriptions of the old data would override the new).
    if os.path.exists(tmp + ".aux.xml"):
        os.replace(tmp + ".aux.xml", path + ".aux.xml")
    elif os.path.exists(path + ".aux.xml"):
        os.remove(path + ".aux.xml")
