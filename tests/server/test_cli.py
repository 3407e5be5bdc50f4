"""`desktop-app-server` administration commands, run in-process through `main(argv)`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from desktop_app.server import cli
from desktop_app.server.store import TokenStore

from .spawned import spawned_server


@pytest.fixture
def db_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "service.db"
    monkeypatch.setenv(cli.DB_ENV, str(path))
    return path


def run(*argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = cli.main(list(argv), out=out)
    except SystemExit as exc:  # argparse errors
        code = exc.code
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue()


def test_tenant_and_user_commands_write_what_they_say(db_file):
    assert run("tenant", "add", "acme") == (0, "Created tenant acme.\n")
    code, _ = run(
        "user",
        "add",
        "acme",
        "alice",
        "--role",
        "security_admin",
        "--password-stdin",
        stdin="a long pass word \n",
    )
    assert code == 0
    assert run("user", "set-role", "acme", "alice", "global_admin")[0] == 0
    assert run("user", "add", "acme", "bob", "--role", "security_reader")[0] == 0
    assert run("user", "deprovision", "acme", "bob")[0] == 0
    assert run("user", "list", "acme") == (0, "alice\tglobal_admin\nbob\tsecurity_reader (deprovisioned)\n")
    store = TokenStore.open(str(db_file))
    try:
        # the newline is not part of the password; the trailing space is
        _, _, user = store.sign_in("acme", "alice", "a long pass word ")
        assert user.role.value == "global_admin"
        actions = [e.action for e in store.audit.events("acme")]
        assert {"tenant.add", "user.add", "user.set_role", "user.deprovision"} <= set(actions)
        assert all(
            e.actor and e.actor.startswith("cli")
            for e in store.audit.events("acme")
            if e.action != "session.sign_in"
        )  # the sign-in just above is alice's own
    finally:
        store.close()
    code, text = run("audit", "acme", "--limit", "2")
    assert code == 0 and len(text.splitlines()) == 2


def test_db_option_overrides_the_environment(db_file, tmp_path):
    other = tmp_path / "other.db"
    assert run("--db", str(other), "tenant", "add", "acme")[0] == 0
    assert run("tenant", "list", "--db", f"sqlite:///{other}") == (0, "acme\n")
    assert other.exists() and not db_file.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("user", "add", "acme", "alice", "--role", "emperor"),
        ("user", "add", "acme", "alice"),
        ("tenant", "add", "Bad Slug"),
        ("user", "set-role", "acme", "alice"),
        ("frobnicate",),
        ("user", "add", "acme", "alice", "--role", "security_reader", "--password-stdin"),  # empty stdin
        ("user", "add", "acme", "alice", "--role", "security_reader"),  # no such tenant/database
        ("user", "deprovision", "acme", "nobody"),
    ],
)
def test_bad_arguments_give_one_line_exit_2_and_write_nothing(db_file, capsys, argv):
    code, out = run(*argv)
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("desktop-app-server")
    assert not db_file.exists()


def test_existing_user_or_tenant_is_a_one_line_error(db_file, capsys):
    run("tenant", "add", "acme")
    assert run("tenant", "add", "acme")[0] == 2
    err = capsys.readouterr().err
    assert err.strip().endswith("Tenant “acme” already exists.") and len(err.strip().splitlines()) == 1


def test_console_script_entry_point_runs(tmp_path):
    env = {**os.environ, cli.DB_ENV: str(tmp_path / "s.db")}
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app.server.cli", "tenant", "add", "acme"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0 and done.stdout == "Created tenant acme.\n"


def test_commands_work_on_either_database(db_url, monkeypatch):
    monkeypatch.delenv(cli.DB_ENV, raising=False)
    assert run("--db", db_url, "tenant", "add", "acme")[0] == 0
    assert run("--db", db_url, "user", "add", "acme", "alice", "--role", "global_admin")[0] == 0
    assert run("--db", db_url, "user", "list", "acme") == (0, "alice\tglobal_admin\n")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_the_service_until_stopped(tmp_path):
    import time

    import httpx

    port = _free_port()
    env = {**os.environ, cli.DB_ENV: str(tmp_path / "s.db")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop_app.server.cli",
            "serve",
            "--port",
            str(port),
            "--public-url",
            "https://tokens.example.test",
        ],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:  # poll until the service answers (or the deadline passes)
            assert proc.poll() is None, proc.stderr.read().decode()
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the service did not come up"
                time.sleep(0.05)
        assert response.json() == {"status": "ok", "database": "ok"}
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal for the caller to see
    assert proc.returncode in (0, -15)
    assert "Finished server process" in err.decode()
    assert f"Token service on http://127.0.0.1:{port}" in err.decode()


def _rejected_from(db_url: str, url: str) -> str:
    with httpx.Client(base_url=url) as http:
        assert (
            http.get("/t/acme/api/v1/alerts/", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 401
        )
    store = TokenStore.open(db_url)
    try:
        newest = [e for e in store.audit.events("acme") if e.action == "token.rejected"][0]
        return newest.client_addr
    finally:
        store.close()


def test_serve_trusts_forwarded_addresses_only_from_the_proxies_named(db_url):
    store = TokenStore.open(db_url)
    store.ensure_tenant("acme")
    store.close()
    with spawned_server(db_url) as srv:  # default: no proxy trusted, not even loopback
        assert _rejected_from(db_url, srv.url) == "127.0.0.1"
    with spawned_server(db_url, "--forwarded-allow-ips", "127.0.0.1") as srv:
        assert _rejected_from(db_url, srv.url) == "203.0.113.9"


def test_set_password_reads_stdin_requires_12_characters_and_is_audited(db_file):
    assert run("tenant", "add", "acme")[0] == 0
    assert run("user", "add", "acme", "alice", "--role", "security_reader")[0] == 0
    assert run("user", "set-password", "acme", "alice", stdin="short\n")[0] == 2
    assert (
        run(
            "user",
            "add",
            "acme",
            "bob",
            "--role",
            "security_reader",
            "--password-stdin",
            stdin="elevenchars\n",
        )[0]
        == 2
    )
    assert run("user", "set-password", "acme", "alice", stdin="twelve chars\n") == (
        0,
        "Set the password of alice in acme.\n",
    )
    store = TokenStore.open(str(db_file))
    try:
        assert store.sign_in("acme", "alice", "twelve chars")[2].username == "alice"
        assert "user.set_password" in [e.action for e in store.audit.events("acme")]
    finally:
        store.close()


def test_help_shows_defaults_and_every_positional_argument_is_explained(capsys):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for shown in (
        "127.0.0.1",
        "8000",
        "65536",
        "--forwarded-allow-ips",
        "--session-hours",
        "--docs",
        "--max-live-tokens",
    ):
        assert shown in text
    with pytest.raises(SystemExit):
        cli.main(["audit", "--help"])
    assert "default: 50" in capsys.readouterr().out
    parser = cli._build_parser()
    for action in _all_actions(parser):
        if not action.option_strings and action.dest not in ("command", "action"):
            assert action.help, f"positional {action.dest} has no help"


def _all_actions(parser):
    import argparse

    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _all_actions(sub)


def test_serve_with_an_unreachable_database_says_so_in_one_line(capsys):
    code = cli.main(["serve", "--db", "postgresql://postgres@127.0.0.1:1/nothing", "--port", "8999"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "connection refused" in err and "Traceback" not in err


def test_a_closed_pipe_ends_the_listing_quietly(db_file):
    store = TokenStore.open(str(db_file))
    store.ensure_tenant("acme")
    tenant = store.tenant_id("acme")
    m = store.models
    with store.writing():
        m.User.insert_many(
            [
                {
                    "tenant": tenant,
                    "username": f"user{i:05d}",
                    "role": "security_reader",
                    "created_at": store.now(),
                }
                for i in range(6000)
            ]
        ).execute()
    store.close()
    done = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m desktop_app.server.cli user list acme | head -n 1"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert done.stdout == "user00000\tsecurity_reader\n"
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
