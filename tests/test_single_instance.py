"""Where the single-instance lock lives: the same folder for every start of one user."""

from __future__ import annotations

import warnings
from pathlib import Path


from desktop_app.single_instance import runtime_dir


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


