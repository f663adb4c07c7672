"""Unit tests of mfaf_plugin.common.run_outputs and gdal_io.atomic_output: staged outputs committed together,
temporary names, stale temporaries, output locks. The files here are GENERATED (a few bytes of
text, small seeded rasters); the algorithms' behaviour on real data is in test_bad_inputs.py."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from mfaf_testing import REPO


def _write_text(path, text):
    from mfaf.mfaf_plugin.common.run_outputs import atomic_output

    with atomic_output(str(path)) as tmp:
        with open(tmp, "w") as fh:
            fh.write(text)


def _dead_pid():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_run_outputs_commit_together_generated(tmp_path):
    from mfaf.mfaf_plugin.common import run_outputs as outputs

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a")
    b.write_text("old b")
    with outputs.run_outputs([str(a), str(b)]):
        _write_text(a, "new a")
        assert a.read_text() == "old a"  # staged, not yet in place
        with open(outputs.current_path(str(a))) as fh:  # but readable within the run
            assert fh.read() == "new a"
        _write_text(a, "newer a")  # a second write of one output replaces the staged file
        _write_text(b, "new b")
    assert (a.read_text(), b.read_text()) == ("newer a", "new b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_run_outputs_failure_keeps_every_earlier_output_generated(tmp_path):
    from mfaf.mfaf_plugin.common import run_outputs as outputs
    from mfaf.mfaf_plugin.common.gdal_io import write_raster

    ras, txt, other = tmp_path / "p.tif", tmp_path / "r.html", tmp_path / "scratch.txt"
    ras.write_bytes(b"earlier raster")
    txt.write_text("earlier report")
    with pytest.raises(RuntimeError, match="second output failed"):
        with outputs.run_outputs([str(ras), str(txt)]):
            write_raster(str(ras), np.ones((2, 3, 4), np.float32), [0, 1, 0, 0, 0, -1], "")
            _write_text(other, "not an output of the run: written at once")
            raise RuntimeError("second output failed")
    assert ras.read_bytes() == b"earlier raster" and txt.read_text() == "earlier report"
    assert other.read_text() == "not an output of the run: written at once"
    assert not [p.name for p in tmp_path.iterdir() if ".part-" in p.name]


def test_folder_outputs_are_staged_generated(tmp_path):
    from mfaf.mfaf_plugin.common import run_outputs as outputs

    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "t.csv").write_text("old")
    with pytest.raises(ValueError):
        with outputs.run_outputs(folders=[str(folder)]):
            _write_text(folder / "t.csv", "new")
            raise ValueError("report failed")
    assert (folder / "t.csv").read_text() == "old"


def test_unwritable_folder_names_the_output_not_the_temporary_generated(tmp_path):
    from mfaf.mfaf_plugin.common.errors import InputError

    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be")
    target = blocker / "out.tif"
    with pytest.raises(InputError) as info:
        _write_text(target, "x")
    msg = str(info.value)
    assert str(target) in msg and ".part-" not in msg and "not a folder" in msg


def test_temporary_names_carry_the_pid_and_stale_ones_are_cleaned_generated(tmp_path):
    from mfaf.mfaf_plugin.common import run_outputs as outputs

    out = tmp_path / "prob.tif"
    name = os.path.basename(outputs.part_path(str(out)))
    assert name.startswith(".prob.part-{}-".format(os.getpid())) and name.endswith(".tif")
    dead = _dead_pid()
    stale = [tmp_path / ".prob.part-{}-0123abcd.tif".format(dead),
             tmp_path / ".prob.part-{}-0123abcd.tif.aux.xml".format(dead),
             tmp_path / ".prob.tif.part-{}-0123abcd.ckpt".format(dead)]
    live = tmp_path / ".prob.part-{}-89abcdef.tif".format(os.getpid())
    other = tmp_path / ".other.part-{}-0123abcd.tif".format(dead)
    for p in stale + [live, other]:
        p.write_text("x")
    folder = tmp_path / ".cells.part-{}-0123abcd.gpkg".format(dead)  # a staged sink's folder
    folder.mkdir()
    (folder / "cells.gpkg").write_text("x")
    assert outputs.clean_stale_parts([str(out), str(tmp_path / "cells.gpkg")]) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])


def test_leftovers_of_dead_runs_are_swept_live_locks_and_foreign_files_stay_generated(tmp_path):
    import socket

    from mfaf.mfaf_plugin.common import run_outputs as outputs

    dead = _dead_pid()
    owner = {"pid": dead, "host": socket.gethostname(), "started": "2026-01-01T00:00:00"}
    (tmp_path / "a.tif.lock").write_text(json.dumps(owner))
    (tmp_path / "b.tif.lock").write_text(json.dumps({**owner, "host": "another-machine"}))  # may be alive there
    (tmp_path / "c.lock").write_text("not ours")
    (tmp_path / ".a.part-{}-0123abcd.tif".format(dead)).write_text("x")
    with outputs.lock_outputs([str(tmp_path / "live.tif")]):  # held by this process
        found = outputs.clean_leftovers([str(tmp_path)])
        assert (found.parts, found.locks, found.pids) == (1, 1, {dead})
        assert sorted(p.name for p in tmp_path.iterdir()) == ["b.tif.lock", "c.lock", "live.tif.lock"]
    assert not outputs.clean_leftovers([str(tmp_path)])


def test_lock_refuses_a_second_writer_and_is_released_generated(tmp_path):
    from mfaf.mfaf_plugin.common import run_outputs as outputs
    from mfaf.mfaf_plugin.common.errors import InputError

    out = str(tmp_path / "model.pt")
    with outputs.lock_outputs([out]):
        info = json.loads((tmp_path / "model.pt.lock").read_text())
        assert info["pid"] == os.getpid()
        with pytest.raises(InputError, match=r"Another run \(process {}\) is writing".format(os.getpid())):
            with outputs.lock_outputs([out]):
                pass
    assert not (tmp_path / "model.pt.lock").exists()
    with outputs.lock_outputs([out]):
        pass


def test_lock_of_a_killed_process_is_taken_over_and_a_live_one_refuses_generated(tmp_path):
    from mfaf.mfaf_plugin.common import run_outputs as outputs
    from mfaf.mfaf_plugin.common.errors import InputError

    out = str(tmp_path / "tiles.npz")
    holder = textwrap.dedent("""
        import sys, time
        sys.path.insert(0, {plugins!r})
        from mfaf.mfaf_plugin.common import run_outputs as outputs
        with outputs.lock_outputs([{out!r}]):
            print("locked", flush=True)
            time.sleep(60)
    """).format(plugins=str(REPO / "build" / "plugins"), out=out)
    proc = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(InputError, match=r"Another run \(process {}\)".format(proc.pid)):
            with outputs.lock_outputs([out]):
                pass
    finally:
        proc.kill()  # like kill -9: the lock file stays behind
        proc.wait()
    assert json.loads((tmp_path / "tiles.npz.lock").read_text())["pid"] == proc.pid
    with outputs.lock_outputs([out]):
        assert json.loads((tmp_path / "tiles.npz.lock").read_text())["pid"] == os.getpid()


def test_read_only_folder_names_the_output_generated():
    """A folder the user may not write to: the message names the output, not the temporary name.
    As root (who may write anywhere) the writer runs as user nobody."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="mfaf-read-only-"))
    try:
        folder.chmod(0o755)
        (folder / "ro").mkdir(mode=0o555)
        (folder / "ro").chmod(0o555)
        target = folder / "ro" / "prob.tif"
        code = textwrap.dedent("""
            import sys
            sys.path.insert(0, {plugins!r})
            from mfaf.mfaf_plugin.common.run_outputs import atomic_output
            try:
                with atomic_output({target!r}) as tmp:
                    open(tmp, "w").close()
                print("WRITTEN")
            except Exception as exc:
                print(type(exc).__name__, exc)
        """).format(plugins=str(REPO / "build" / "plugins"), target=str(target))
        cmd = [sys.executable, "-c", code]
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv: cannot make a folder read-only")
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout.strip()
        assert out.startswith("InputError Cannot write '{}': the folder '{}' is read-only".format(
            target, target.parent)), out
        assert ".part-" not in out and not list((folder / "ro").iterdir())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
