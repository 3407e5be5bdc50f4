"""AppSettings (JSON file, atomic, never a secret) and the desktop-app command line."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from desktop_app.core.secrets import new_secret
from desktop_app.core.tokens import TokenKind
from desktop_app.settings import AppSettings, default_settings_path, parse_args


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def test_default_path_is_in_the_user_config_folder(_private_user_dirs: Path) -> None:
    assert default_settings_path() == _private_user_dirs / "config" / "token-desk" / "settings.json"


def test_missing_file_gives_defaults(settings_path: Path) -> None:
    settings = AppSettings.load(settings_path)
    assert settings == AppSettings()
    assert settings.embedded and settings.server_url is None and settings.clipboard_clear_seconds == 30
    assert settings.notice is None


def test_save_and_load_round_trip_privately_and_atomically(settings_path: Path) -> None:
    settings = AppSettings.load(settings_path)
    settings.server_url, settings.tenant, settings.username = "https://tokens.example.com", "acme", "alice"
    settings.embedded, settings.clipboard_clear_seconds = False, 45
    settings.save()
    assert AppSettings.load(settings_path) == settings
    assert stat.S_IMODE(settings_path.stat().st_mode) == 0o600
    assert [p.name for p in settings_path.parent.iterdir()] == ["settings.json"]  # no temp file left


def test_corrupt_file_gives_defaults_and_a_notice(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text('{"server_url": "https://tok')
    settings = AppSettings.load(settings_path)
    assert settings == AppSettings()
    assert settings.notice and "damaged" in settings.notice
    assert len(list(settings_path.parent.glob("settings.json.corrupt-*"))) == 1


def test_wrong_types_fall_back_to_defaults_per_field(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_text(
        json.dumps({"tenant": "acme", "clipboard_clear_seconds": "soon", "embedded": "no"})
    )
    settings = AppSettings.load(settings_path)
    assert settings.tenant == "acme" and settings.clipboard_clear_seconds == 30 and settings.embedded is True


def test_a_secret_is_never_saved(settings_path: Path) -> None:
    settings = AppSettings.load(settings_path)
    settings.username = new_secret(TokenKind.API)
    with pytest.raises(ValueError, match="secret"):
        settings.save()
    assert not settings_path.exists()


def test_no_options_the_first_time_means_the_embedded_tenant(settings_path: Path) -> None:
    config = parse_args([], AppSettings.load(settings_path))
    assert config.embedded and config.tenant == "local" and not config.allow_insecure_http


def test_server_and_tenant_are_remembered(settings_path: Path) -> None:
    config = parse_args(
        ["--server", "https://tokens.example.com/", "--tenant", "acme"], AppSettings.load(settings_path)
    )
    assert not config.embedded
    assert (config.server_url, config.tenant) == ("https://tokens.example.com", "acme")
    later = parse_args([], AppSettings.load(settings_path))
    assert not later.embedded
    assert (later.server_url, later.tenant) == ("https://tokens.example.com", "acme")


def test_embedded_forces_the_local_tenant_and_keeps_the_server(settings_path: Path) -> None:
    parse_args(
        ["--server", "https://tokens.example.com", "--tenant", "acme"], AppSettings.load(settings_path)
    )
    config = parse_args(["--embedded"], AppSettings.load(settings_path))
    assert config.embedded and config.tenant == "local"
    settings = AppSettings.load(settings_path)
    assert settings.embedded and settings.server_url == "https://tokens.example.com"
    assert not parse_args(["--server", "https://tokens.example.com"], settings).embedded  # tenant remembered


def _usage_error(argv: list[str], settings: AppSettings, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(argv, settings)
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def test_server_without_tenant_is_a_usage_error(
    settings_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "--tenant" in _usage_error(
        ["--server", "https://t.example.com"], AppSettings.load(settings_path), capsys
    )


def test_plain_http_to_another_host_needs_explicit_permission(
    settings_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = AppSettings.load(settings_path)
    error = _usage_error(["--server", "http://tokens.example.com", "--tenant", "acme"], settings, capsys)
    assert "--allow-insecure-http" in error
    config = parse_args(
        ["--server", "http://tokens.example.com", "--tenant", "acme", "--allow-insecure-http"], settings
    )
    assert config.allow_insecure_http and config.server_url == "http://tokens.example.com"
    assert not parse_args(["--server", "http://127.0.0.1:9000", "--tenant", "acme"], settings).embedded


def test_bad_tenant_ca_bundle_and_lonely_tenant_are_usage_errors(
    settings_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = AppSettings.load(settings_path)
    assert "slug" in _usage_error(["--server", "https://t.example.com", "--tenant", "a/b"], settings, capsys)
    missing = str(tmp_path / "missing.pem")
    error = _usage_error(
        ["--server", "https://t.example.com", "--tenant", "acme", "--ca-bundle", missing], settings, capsys
    )
    assert "missing.pem" in error
    assert "--server" in _usage_error(["--tenant", "acme"], settings, capsys)
    assert not settings_path.exists()  # nothing remembered from a rejected command line


def test_ca_bundle_is_remembered_with_the_server(settings_path: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    parse_args(
        ["--server", "https://t.example.com", "--tenant", "acme", "--ca-bundle", str(bundle)],
        AppSettings.load(settings_path),
    )
    assert parse_args([], AppSettings.load(settings_path)).ca_bundle == bundle


def test_help_explains_server_tenant_and_the_embedded_tenant(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for words in ("--server URL", "--tenant SLUG", "--embedded", "remembered", "127.0.0.1", "keyring"):
        assert words in text


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe{\x00}\x00", b'{"tenant": "caf\xe9"}', b"[" * 100_000],
    ids=["utf16-bom", "latin1", "deeply-nested"],
)
def test_a_file_that_is_not_utf8_json_gives_defaults_and_a_notice(
    settings_path: Path, content: bytes
) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_bytes(content)
    settings = AppSettings.load(settings_path)
    assert settings.tenant is None
    assert settings.notice and "damaged" in settings.notice
    assert len(list(settings_path.parent.glob("settings.json.corrupt-*"))) == 1


def test_help_says_ca_bundle_is_remembered_and_lists_the_workstation_options() -> None:
    from desktop_app.settings import build_parser

    text = " ".join(build_parser().format_help().split())
    assert "server's TLS certificate (remembered with --server)" in text
    for option in ("--version", "--background", "--install-desktop-entry", "--uninstall-desktop-entry"):
        assert option in text
