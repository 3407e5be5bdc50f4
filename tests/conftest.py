"""Project-wide test setup: Qt offscreen, and no test touches the real user folders."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

# PySide6 6.12 on Python < 3.12 drops a reference to True on every emit(); see the module.
import desktop_app.ui.pyside_workarounds  # noqa: F401


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    """Point XDG/home folders at a temp dir so no test reads or writes the developer's."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_RUNTIME_DIR", "run"),  # the single-instance lock and socket
    ):
        path = home / sub
        path.mkdir(mode=0o700)
        monkeypatch.setenv(var, str(path))
    yield home
