"""The token service: FastAPI over peewee (a SQLite file, or PostgreSQL with psycopg 3).

Public Python names other parts use:

- `desktop_app.server.app.create_app(db_url, public_url=None, *, clock=None, store=None, **limits)
  -> FastAPI` — `db_url` is `sqlite:////abs/path.db`, a file path, or `postgresql://user@host:port/db`;
  the schema is created or upgraded before it returns. `app.state.store` is its TokenStore (closed
  when the app shuts down). `limits`: field names of `desktop_app.server.ratelimit.Limits`.
- `desktop_app.server.store.TokenStore.open(db_url, *, clock=None, ...) -> TokenStore`, with
  `ensure_tenant(slug)`, `ensure_user(slug, username, role, password=None)`,
  `create_session(slug, username) -> (session_token, expires_at)`, `add_tenant`, `add_user`,
  `set_role`, `deprovision`, `sign_in`, `close()`; `.tokens` (token_repo.TokenRepository),
  `.alerts`, `.audit` (audit.AuditLog: `events(tenant)`).
  The embedded tenant: `app = create_app(url)`; `store = app.state.store`;
  `store.ensure_tenant("local")`; `store.ensure_user("local", user, Role.GLOBAL_ADMIN)`;
  `token, expires = store.create_session("local", user)`; serve `app` with uvicorn on 127.0.0.1.
- `desktop_app.server.cli:main` — the `desktop-app-server` command.

Modules: app (wiring), routes/ (session, tokens, introspect), protected (the token-unlocked
alerts API), auth (session and token checks), problems (RFC 9457 errors, 503 on storage failures),
ratelimit (Limits and failure counting), workgate (password checks a few at a time), bodylimit
(413 before a body is read), openapi (the completed API description), service (per-app state),
store, token_repo, alerts, audit, models, schema (create/upgrade), db (URL → pooled database, files
0600 via desktop_app.private_files), hot_reads (event-loop reads), cli.
Secrets are redacted with desktop_app.core.redact.redact (the one redaction of every layer).

Tests: `tests/live_server.py` (`live_server(db_url, **create_app_kwargs)`, `serve_app(app)`,
`MovableClock`, fixtures `db_url`, `sqlite_url`, `clock`, `server`) and `tests/postgres.py`
(`postgres_url` fixture, `fresh_database(admin_url)`).
"""
