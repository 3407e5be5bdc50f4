"""A keyring backend for the start-up figure only: it answers the prepared session token, so the
real app starts signed in (PYTHON_KEYRING_BACKEND=bench_keyring.BenchKeyring, with this folder on
PYTHONPATH). It never writes anywhere; the token is a dummy that no service ever sees answered.
"""

import os

from keyring.backend import KeyringBackend


class BenchKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self._values: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self._values.get((service, username), os.environ.get("BENCH_SESSION_TOKEN"))

    def set_password(self, service, username, password):
        self._values[(service, username)] = password

    def delete_password(self, service, username):
        self._values.pop((service, username), None)
