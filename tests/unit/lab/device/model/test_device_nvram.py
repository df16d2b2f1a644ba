"""NVRAM is replaced atomically: a SIGKILL at any moment leaves the old or the new image."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from lab.device.model.nvram import Nvram, NvramImage

WRITER = r"""
import sys
from pathlib import Path
from lab.device.model.nvram import Nvram, NvramImage

nv = Nvram(Path(sys.argv[1]))
start = int(sys.argv[2])
for i in range(start, start + 100000):
    body = "".join(f" line {n} of generation {i}\n" for n in range(300))
    keys = [{"label": f"gen-{i}", "pem": "K" * 5000, "exportable": "", "created": "x"}]
    files = {"IOS-Self-Sig#1.cer": b"%d" % i * 400}
    nv.save(NvramImage(f"! generation {i}\n{body}end\n", keys, files))
    print(i, flush=True)
"""


def consistent(img: NvramImage) -> int | None:
    """The generation an image holds, checking that all of its parts agree; None if empty."""
    if img.startup is None:
        assert img.keys == [] and img.files == {}
        return None
    first, *_, last = img.startup.splitlines()
    gen = int(first.split()[-1])
    assert last == "end"
    assert img.startup.count("\n") == 302
    assert img.keys == [
        {"label": f"gen-{gen}", "pem": "K" * 5000, "exportable": "", "created": "x"}
    ]
    assert img.files == {"IOS-Self-Sig#1.cer": b"%d" % gen * 400}
    return gen


def test_sigkill_during_saves_leaves_a_whole_image(tmp_path: Path) -> None:
    root = tmp_path / "R1"
    rng = random.Random(7)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    last_seen = 0
    kills = 0
    for _round in range(12):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), str(last_seen + 1)],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # at least one save of this round completed
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        done = [int(x) for x in proc.stdout.read().split()]
        proc.stdout.close()
        gen = consistent(Nvram(root).load())
        assert gen is not None and gen >= last_seen + 1
        if done:
            assert gen in (done[-1], done[-1] + 1)  # the last finished save, or the one killed
        last_seen = gen
    assert kills == 12
    leftovers = sorted(p.name for p in root.iterdir())
    assert "current" in leftovers


def test_a_save_after_an_interrupted_one_cleans_up(tmp_path: Path) -> None:
    nv = Nvram(tmp_path / "R1")
    nv.save(NvramImage("! generation 1\nend\n", [], {}))
    (tmp_path / "R1" / "gen-2.tmp").mkdir()  # as if killed before the rename
    (tmp_path / "R1" / "gen-2.tmp" / "startup-config").write_text("half")
    assert nv.load().startup == "! generation 1\nend\n"
    nv.save(NvramImage("! generation 2\nend\n", [], {}))
    assert nv.load().startup == "! generation 2\nend\n"
    assert sorted(p.name for p in (tmp_path / "R1").iterdir()) == ["current", "gen-2"]


def test_unreadable_nvram_boots_without_configuration(tmp_path: Path) -> None:
    from lab.device import Device, DeviceSpec

    dev = Device(DeviceSpec(name="R1", preset="healthy"), tmp_path)
    dev.boot()
    assert dev.state.config.trustpoints
    current = tmp_path / "R1" / "current"
    (current / "private-config").write_text("{not json")
    dev.boot()
    assert dev.up and dev.state.config.trustpoints == {} and dev.state.keys == {}
