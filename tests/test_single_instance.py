"""SingleInstance: where the lock lives, and a clear error when a silent instance holds it."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from desktop_app.single_instance import LOCK_FILE, InstanceNotAnswering, SingleInstance, runtime_dir


def test_a_missing_runtime_folder_gives_every_start_the_same_place(tmp_path: Path, monkeypatch) -> None:
    # XDG_RUNTIME_DIR named but not made: creating it (0755) would send the next start elsewhere.
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = runtime_dir()
        second = runtime_dir()
    assert first == second
    assert not (tmp_path / "run").exists()
    assert first.stat().st_mode & 0o777 == 0o700


def test_a_private_runtime_folder_is_used_as_it_is(tmp_path: Path, monkeypatch) -> None:
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    assert runtime_dir() == run / "token-desk"
    assert runtime_dir().is_dir()


def test_lock_held_by_a_silent_instance_raises_instance_not_answering_naming_its_process(
    qapp: object, tmp_path: Path
) -> None:
    holder = QLockFile(str(tmp_path / LOCK_FILE))
    holder.setStaleLockTime(0)
    assert holder.tryLock(0)
    try:
        later = SingleInstance(tmp_path)
        with pytest.raises(InstanceNotAnswering) as caught:
            later.claim_or_hand_over(["token-desk"], timeout=0.3)
        assert f"process {os.getpid()}" in str(caught.value)
        assert not later.is_primary
    finally:
        holder.unlock()
