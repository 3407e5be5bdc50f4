"""The application's name and its per-user folders (config, cache, data), in one place.

Everything that stores a file for the user (settings, the token cache, the embedded tenant's
database) and the keyring entry take their names from here.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "token-desk"


def config_dir() -> Path:
    """The user's config folder (e.g. ~/.config/token-desk): the settings file."""
    return platformdirs.user_config_path(APP_NAME)


def cache_dir() -> Path:
    """The user's cache folder (e.g. ~/.cache/token-desk): the token caches."""
    return platformdirs.user_cache_path(APP_NAME)


def data_dir() -> Path:
    """The user's data folder (e.g. ~/.local/share/token-desk): the embedded tenant's database."""
    return platformdirs.user_data_path(APP_NAME)
