"""The client's issue 13 calls against a real token service: identify, report_leaked (batches over the
service's 100), audit pages and CSV, attention lists, notices; typed errors; no secret in a log."""

from __future__ import annotations

import csv
import io
import logging
from datetime import timedelta

import pytest

from desktop_app.client.api import TokenServiceClient
from desktop_app.client.errors import PermissionDenied, ValidationFailed
from desktop_app.core.hygiene import AuditEvent, Notice
from desktop_app.core.roles import Privileges
from desktop_app.core.secrets import new_secret
from desktop_app.core.token_fields import FIELD_INDEX
from desktop_app.core.tokens import TokenKind
from tests.live_server import LiveServer

from .service import READER, TENANT, client_for


def test_identify_finds_the_token_or_none_and_refuses_a_reader(
    service: LiveServer, admin: TokenServiceClient, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    generated = admin.generate_token("found in a log", Privileges.READ)
    info = admin.identify(generated.secret)
    assert info is not None and (info.id, info.name, info.owner) == (
        generated.token.id,
        "found in a log",
        "alice",
    )
    assert admin.identify(new_secret(TokenKind.API)) is None
    with pytest.raises(ValidationFailed):
        admin.identify(generated.secret[:-3])
    with client_for(service, READER) as reader, pytest.raises(PermissionDenied):
        reader.identify(generated.secret)
    assert generated.secret not in caplog.text


def test_report_leaked_sends_batches_and_the_tokens_stop_working(service: LiveServer, admin) -> None:
    leaked = [admin.generate_token(f"leaked {i}", Privileges.READ) for i in range(3)]
    pasted = [g.secret for g in leaked] + [new_secret(TokenKind.API) for _ in range(150)] + ["not one"]
    # no session needed: a reporter is anyone
    with TokenServiceClient(service.url, TENANT) as anonymous:
        assert anonymous.report_leaked(pasted, url="https://ci.example.test/job/7") == (154, 1)
    assert admin.list_tokens().items == []
    events, _ = admin.audit_page({"action": "token.revoke"})
    assert sorted(e.target.split()[1] for e in events) == sorted(g.token.id for g in leaked)
    assert {e.detail for e in events} == {"reason=leaked url=https://ci.example.test/job/7"}


def test_audit_pages_follow_the_cursor_and_csv_streams_the_same(admin: TokenServiceClient, service) -> None:
    for i in range(7):
        admin.generate_token(f"job {i}", Privileges.READ)
    since = service.store.now() - timedelta(minutes=1)
    seen, cursor, pages = [], None, 0
    while True:
        events, cursor = admin.audit_page({"action": "token.generate", "since": since}, cursor, limit=3)
        seen += events
        pages += 1
        if cursor is None:
            break
    assert pages == 3 and len(seen) == 7 and all(isinstance(e, AuditEvent) for e in seen)
    assert [e.target.split("“")[1].rstrip("”") for e in seen] == [f"job {i}" for i in reversed(range(7))]
    rows = list(csv.reader(io.StringIO(b"".join(admin.audit_csv({"action": "token.generate"})).decode())))
    assert rows[0][:4] == ["id", "at", "actor", "action"] and [int(r[0]) for r in rows[1:]] == [
        e.id for e in seen
    ]
    with client_for(service, READER) as reader, pytest.raises(PermissionDenied):
        reader.audit_page()
    with pytest.raises(ValueError):
        admin.audit_page({"who": "alice"})


def test_attention_lists_and_notices(service: LiveServer, admin: TokenServiceClient, clock) -> None:
    old = admin.generate_token("never used", Privileges.READ)
    clock.advance(days=31)
    with client_for(service) as later:  # a fresh session: the clock moved past the first one's life
        rows = later.list_attention(TokenKind.API, "never_used")
        assert [row[FIELD_INDEX["id"]] for row in rows] == [old.token.id]
        assert later.list_attention("siem_agent", "never_used") == []
        assert later.notices() == ([], "0")
        later.report_leaked([old.secret], "https://x.example.test/")
        notices, cursor = later.notices()
        assert [(n.kind, n.token_id) for n in notices] == [("leaked", old.token.id)]
        assert isinstance(notices[0], Notice) and later.notices(cursor) == ([], cursor)
        with pytest.raises(ValueError):
            later.list_attention(TokenKind.API, "stale")
