"""Units of work as Dask tasks (dask.distributed), for whichever stage has them: cross-validation runs
(:mod:`mfaf_plugin.evaluation.crossval`), model comparisons (:mod:`mfaf_plugin.evaluation.tile_comparison`),
map strips (:mod:`mfaf_plugin.prediction.strips`). The runner knows only how to run tasks: each caller
defines its unit function at module level (so that Dask can pickle it) and calls :func:`run_tasks`.

Where the work runs is one text, the ``scheduler``:

* ``""`` or ``"serial"``: here, one unit after another (no Dask needed);
* ``"local:N"``: a Dask ``LocalCluster`` of N worker processes with one thread each on this
  computer, started for the run and closed after it;
* an address such as ``tcp://host:8786``: the scheduler of a running Dask cluster. Its workers
  must import this plugin under the same package name with the same packages (README,
  "Scaling out"); map strips read the stack from its path, so the workers must see the file
  there too.

:func:`run_tasks` sends the shared data once to every worker (``scatter``), submits one task per
unit, relays progress (share of the units' cost done), the workers' log lines (in unit order) and
errors, and on cancel stops the workers' running units (a Dask ``Event`` their ``is_canceled``
polls) and cancels the others. Inside a task torch uses one thread. dask and distributed are
imported only when a cluster is asked for, so the plugin works without them.
"""

import contextlib
import gc
import time
import uuid
from typing import Callable, List, Optional, Sequence, Tuple

from ..common.errors import Canceled, InputError, MissingDependencyError
from ..common.progress import never_canceled, noop_progress

__all__ = ["DASK_PIN", "INSTALL_HINT", "parse_scheduler", "is_serial", "open_client", "run_tasks"]

DASK_PIN = "dask==2026.8.0 distributed==2026.8.0"
INSTALL_HINT = ("Running on Dask needs the Python packages dask and distributed ({}): run Processing Toolbox > "
                "MFAF prospectivity > 0 Setup > Install Python dependencies (or pip install {} into the plugin's "
                "Python) and restart QGIS; or leave the Dask scheduler empty to run here.").format(DASK_PIN, DASK_PIN)
_CONNECT_TIMEOUT_S = 10  # seconds to reach a scheduler at an address
_CANCEL_POLL_S = 1.0  # a worker asks the scheduler at most this often whether the run was canceled


def parse_scheduler(text) -> Tuple[str, object]:
    """``("serial", None)``, ``("local", n_workers)`` or ``("address", address)`` from the text.

    Raises:
        InputError: an unreadable text (e.g. ``local:0`` or ``local:two``).
    """
    t = ("" if text is None else str(text)).strip()
    if t.lower() in ("", "serial"):
        return "serial", None
    if t.lower().startswith("local"):
        n = t.split(":", 1)[1].strip() if ":" in t else ""
        if not n.isdigit() or not 1 <= int(n) <= 256:
            raise InputError("Dask scheduler '{}': write local:N with N worker processes from 1 to 256, e.g. "
                             "local:4.".format(t))
        return "local", int(n)
    if "://" in t or (":" in t and t.rsplit(":", 1)[1].isdigit()):
        return "address", t
    raise InputError("Dask scheduler '{}' is not understood: leave it empty (run here), write local:N (N worker "
                     "processes on this computer) or the scheduler's address, e.g. tcp://10.0.0.5:8786.".format(t))


def is_serial(scheduler) -> bool:
    """True for no scheduler (``None``, ``""``, ``"serial"``); a ``distributed.Client`` is not serial."""
    return scheduler is None or (isinstance(scheduler, str) and parse_scheduler(scheduler)[0] == "serial")


def _distributed():
    try:
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(INSTALL_HINT) from exc
    return distributed


def _worker_python() -> None:
    """Worker processes start with ``sys.executable``; inside QGIS that is QGIS itself or whatever
    ``python3`` comes first on PATH (e.g. another 3.x build, whose standard library does not fit
    QGIS's path), so QGIS's own interpreter is named (``installer.find_python``)."""
    import multiprocessing

    from ..install.installer import find_python

    with contextlib.suppress(InputError):
        multiprocessing.set_executable(find_python())


@contextlib.contextmanager
def open_client(scheduler, log: Callable[[str], None] = lambda m: None):
    """A ``distributed.Client`` for ``scheduler`` (see the module docstring); None when serial.

    A ``Client`` passed in is used as it is and left open; a LocalCluster started here is closed
    on leaving, whatever happened. On leaving, garbage cycles are collected: exceptions caught
    inside distributed keep the caller's frames (with QGIS objects) in reference cycles, and when
    those are only freed after QGIS has exited (qgis_process, a test session) Python crashes.
    """
    try:
        yield from _open_client(scheduler, log)
    finally:
        gc.collect()


def _open_client(scheduler, log):
    if scheduler is not None and not isinstance(scheduler, str):
        yield scheduler
        return
    kind, value = parse_scheduler(scheduler)
    if kind == "serial":
        yield None
        return
    distributed = _distributed()
    if kind == "local":
        _worker_python()
        log("Starting a Dask LocalCluster of {} single-thread worker processes.".format(value))
        with distributed.LocalCluster(n_workers=value, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address="127.0.0.1:0", silence_logs=40) as cluster, \
                distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(value, timeout=_CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        raise InputError("No Dask scheduler answers at '{}': start one (README, 'Scaling out') or check the "
                         "address ({}).".format(value, exc)) from exc
    with client:
        n = len(client.scheduler_info().get("workers", {}))
        log("Dask scheduler {}: {} workers.".format(value, n))
        if n == 0:
            raise InputError("The Dask scheduler at '{}' has no workers: start some with 'dask worker {} "
                             "--nthreads 1'.".format(value, value))
        yield client


# -- on the workers -------------------------------------------------------------------------------
class _RemoteCancel:
    """``is_canceled`` of a task: the run's Dask ``Event``, asked at most once a second."""

    def __init__(self, name: str):
        self.name, self.last, self.set = name, 0.0, False

    def __call__(self) -> bool:
        now = time.monotonic()
        if not self.set and now - self.last >= _CANCEL_POLL_S:
            from distributed import Event

            self.last = now
            self.set = Event(self.name).is_set()
        return self.set


def _task(fn, shared, unit, cancel_name: str) -> dict:
    """Run ``fn(shared, unit, log, is_canceled)`` on a worker with one torch thread; keep its log."""
    try:
        import torch

        if torch.get_num_threads() != 1:
            torch.set_num_threads(1)
    except ImportError:
        pass
    lines: List[str] = []
    result = fn(shared, unit, lines.append, _RemoteCancel(cancel_name))
    return {"result": result, "log": lines}


# -- on the client --------------------------------------------------------------------------------
def run_tasks(client, fn: Callable, units: Sequence, shared=None, cost: Optional[Sequence[float]] = None,
              progress: Callable[[float], None] = noop_progress, is_canceled: Callable[[], bool] = never_canceled,
              log: Callable[[str], None] = lambda m: None, on_result: Optional[Callable[[int, object], None]] = None,
              max_in_flight: Optional[int] = None, poll_s: float = 0.2) -> list:
    """Run ``fn(shared, unit, log, is_canceled)`` for every unit, on ``client``'s workers.

    ``shared`` is scattered once to every worker. Results are handed over in unit order: to
    ``on_result(i, result)`` when given (then the list returned holds None: the caller keeps
    what it needs, e.g. writes a map strip, and memory stays bounded with ``max_in_flight``
    units submitted at a time), else returned. Worker log lines are relayed in unit order.

    Raises:
        Canceled: ``is_canceled()`` turned True (running units stop at their next check).
        The first error of a unit (e.g. :class:`InputError`), the other units canceled.
    """
    distributed = _distributed()
    n = len(units)
    weights = [float(c) for c in cost] if cost is not None else [1.0] * n
    total = sum(weights) or 1.0
    cancel_name = "mfaf-cancel-" + uuid.uuid4().hex
    shared_f = client.scatter([shared], broadcast=True, hash=False)[0] if shared is not None else None
    futures, out, state = {}, [None] * n, {"submitted": 0, "done": 0.0}

    def submit_more(first_open: int) -> None:
        while state["submitted"] < n and (max_in_flight is None or state["submitted"] - first_open < max_in_flight):
            i = state["submitted"]
            futures[i] = client.submit(_task, fn, shared_f, units[i], cancel_name, pure=False,
                                       key="mfaf-unit-{}-{}".format(i, cancel_name))
            state["submitted"] += 1

    try:
        for i in range(n):
            submit_more(i)
            res = _wait_for(distributed, futures, i, weights, total, state, progress, is_canceled, poll_s)
            for line in res["log"]:
                log(line)
            if on_result is not None:
                on_result(i, res["result"])
            else:
                out[i] = res["result"]
            state["done"] += weights[i]
            del futures[i]
            _show(state, progress, state["done"] / total)
    except BaseException:
        _stop(distributed, client, futures, cancel_name)
        raise
    return out


def _show(state: dict, progress, share: float) -> None:
    """Report ``share`` when it is more than what was shown: units finished out of order were
    counted while waiting for an earlier one, so progress never steps back."""
    if share > state.get("shown", -1.0):
        state["shown"] = share
        progress(share)


def _wait_for(distributed, futures: dict, i: int, weights, total, state, progress, is_canceled, poll_s) -> dict:
    """Wait for unit ``i``, relaying progress and cancel; fail at once when any unit failed."""
    head = futures[i]
    while not head.done():
        if is_canceled():
            raise Canceled()
        for j, f in futures.items():
            if f.status == "error":
                f.result()  # raises the unit's own exception
        _show(state, progress, (state["done"] + sum(weights[j] for j, f in futures.items() if f.done())) / total)
        time.sleep(poll_s)  # not distributed.wait(timeout=...): each of its timeouts leaves a reference cycle
    return head.result()


def _stop(distributed, client, futures: dict, cancel_name: str) -> None:
    """Tell running units to stop (the cancel Event) and cancel every unit not finished."""
    with contextlib.suppress(Exception):
        distributed.Event(cancel_name, client=client).set()
    with contextlib.suppress(Exception):
        client.cancel(list(futures.values()), force=True)
