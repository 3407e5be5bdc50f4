"""Realistic token data, made here (no download): names, owners, a mix of statuses, kinds, privileges.

Rows are in the cache's ROW_FIELDS layout (core.token_fields), built by field name with
tests/token_rows.make_row: times as float POSIX seconds (UTC), last_used_at None for never-used tokens,
expires_at None for tokens that never expire (a mix: most API tokens expire, some within the warning
window, a few already expired), a short description on some tokens.

Deterministic for a given (n, seed, now): every figure of one run sees the same tokens.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from datetime import UTC, datetime

from desktop_app.core.token_fields import FIELD_INDEX
from tests.token_rows import make_row

DAY = 86_400.0

# share of each kind, status and privilege among generated tokens
KIND_MIX = (("api", 0.80), ("siem_agent", 0.12), ("log_collector", 0.08))
STATUS_MIX = (("generated", 0.15), ("active", 0.50), ("inactive", 0.35))
PRIVILEGE_MIX = (("read", 0.60), ("read_write", 0.40))
# expiry of API tokens (SIEM agents and log collectors never expire by default): days from now
EXPIRY_MIX = (("never", 0.20), ("soon", 0.05), ("expired", 0.03), ("later", 0.72))
DESCRIPTION_SHARE = 0.3
OWNERS = 400
DEPROVISIONED_OWNER_SHARE = 0.05

_FIRST = (
    "anna",
    "ben",
    "chloé",
    "david",
    "elif",
    "farid",
    "grace",
    "hiro",
    "ines",
    "jonas",
    "kofi",
    "lena",
    "marek",
    "nadia",
    "oscar",
    "priya",
    "quentin",
    "rosa",
    "sven",
    "tomás",
    "uma",
    "viktor",
    "wen",
    "ximena",
    "yusuf",
    "zoë",
    "aleksandr",
    "bea",
    "carlos",
    "dana",
)
_LAST = (
    "nguyen",
    "smith",
    "müller",
    "garcia",
    "kowalski",
    "okafor",
    "tanaka",
    "rossi",
    "silva",
    "johansson",
    "dubois",
    "kim",
    "haddad",
    "novak",
    "schmidt",
    "ivanova",
    "patel",
    "lee",
    "andersen",
    "costa",
    "yilmaz",
    "fischer",
    "martin",
    "walker",
    "öztürk",
)
_SYSTEMS = (
    "grafana",
    "splunk",
    "jenkins",
    "gitlab-ci",
    "terraform",
    "ansible",
    "backup",
    "soar",
    "elastic",
    "sentinel",
    "qradar",
    "prometheus",
    "airflow",
    "vault-sync",
    "jira",
    "servicenow",
    "pagerduty",
    "slack-bot",
    "datadog",
    "fluentd",
    "logstash",
    "nessus",
    "crowdstrike",
    "okta",
)
_PURPOSES = (
    "export",
    "ingest",
    "alerts",
    "reporting",
    "deploy",
    "nightly",
    "forwarder",
    "triage",
    "dashboard",
    "enrichment",
    "sync",
    "audit",
    "poller",
    "webhook",
    "collector",
    "migration",
)
_ENVS = ("prod", "staging", "dev", "qa", "eu-west-1", "us-east-2", "ap-south-1", "lab", "dr")
_PERSONAL = (
    "{first}'s laptop",
    "{first} – scripts",
    "Notebook {first}",
    "{first}'s Überwachung",
    "tmp test {first}",
    "Auswertung {first}",
    "{first} ad-hoc queries",
)


def _pick(rng: random.Random, mix) -> str:
    x = rng.random()
    acc = 0.0
    for value, share in mix:
        acc += share
        if x < acc:
            return value
    return mix[-1][0]


def owners(seed: int = 7) -> list[tuple[str, bool]]:
    """(username, deprovisioned) pairs; usernames look like "a.nguyen", "zoë.öztürk2"."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    while len(out) < OWNERS:
        base = f"{rng.choice(_FIRST)}.{rng.choice(_LAST)}"
        name = base
        k = 2
        while name in seen:
            name = f"{base}{k}"
            k += 1
        seen.add(name)
        out.append((name, rng.random() < DEPROVISIONED_OWNER_SHARE))
    return out


def generate_rows(n: int, now: datetime, seed: int = 20261128) -> list[tuple]:
    """n token rows with unique names per owner, ids as UUID hex strings."""
    rng = random.Random(seed * 1_000_003 + n)
    people = owners()
    # a few heavy owners (service accounts) own most tokens, like in real tenants
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(people))]
    now_s = now.timestamp()
    used_names: set[tuple[str, str]] = set()
    rows = []
    for i in range(n):
        owner, deprov = rng.choices(people, weights)[0]
        kind = _pick(rng, KIND_MIX)
        if kind == "api" and rng.random() < 0.25:
            first = owner.split(".", 1)[0].capitalize()
            name = rng.choice(_PERSONAL).format(first=first)
        else:
            name = f"{rng.choice(_SYSTEMS)}-{rng.choice(_PURPOSES)}-{rng.choice(_ENVS)}"
        key = (owner, name.casefold())
        if key in used_names:
            name = f"{name}-{i:06d}"
            key = (owner, name.casefold())
        used_names.add(key)
        created = now_s - rng.uniform(0.5, 730.0) * DAY
        status = _pick(rng, STATUS_MIX)
        if status == "generated":
            last_used = None
        elif status == "active":
            last_used = now_s - rng.uniform(60.0, 7 * DAY - 3600.0)
            created = min(created, last_used - 60.0)
        else:
            age = now_s - created
            if age <= 7 * DAY + 3600:
                created = now_s - rng.uniform(8.0, 730.0) * DAY
            last_used = rng.uniform(created + 60.0, now_s - 7 * DAY - 3600.0)
        token_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
        privileges = _pick(rng, PRIVILEGE_MIX)
        expiry = _pick(rng, EXPIRY_MIX) if kind == "api" else "never"
        if expiry == "never":
            expires_at = None
        elif expiry == "soon":
            expires_at = float(int(now_s + rng.uniform(3600.0, 7 * DAY)))
        elif expiry == "expired":
            expires_at = float(int(now_s - rng.uniform(60.0, 20 * DAY)))
        else:
            expires_at = float(int(now_s + rng.uniform(8 * DAY, 365 * DAY)))
        described = rng.random() < DESCRIPTION_SHARE
        description = f"{rng.choice(_PURPOSES)} for {rng.choice(_SYSTEMS)}" if described else ""
        rows.append(
            make_row(
                id=token_id,
                name=name[:64],
                kind=kind,
                owner=owner,
                owner_deprovisioned=deprov,
                privileges=privileges,
                created_at=float(int(created)),
                last_used_at=None if last_used is None else float(int(last_used)),
                expires_at=expires_at,
                description=description,
            )
        )
    return rows


def describe(rows: list[tuple], now: datetime) -> str:
    now_s = now.timestamp()
    kind_at, owner_at = FIELD_INDEX["kind"], FIELD_INDEX["owner"]
    used_at, expires_at = FIELD_INDEX["last_used_at"], FIELD_INDEX["expires_at"]

    def status(r: tuple) -> str:
        if r[expires_at] is not None and r[expires_at] <= now_s:
            return "expired"
        if r[used_at] is None:
            return "generated"
        return "active" if now_s - r[used_at] < 7 * DAY else "inactive"

    kinds = Counter(r[kind_at] for r in rows)
    statuses = Counter(status(r) for r in rows)
    owners_n = len({r[owner_at] for r in rows})
    return f"{len(rows)} tokens, {owners_n} owners, kinds {dict(kinds)}, statuses {dict(statuses)}"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


if __name__ == "__main__":
    now = utc_now()
    rows = generate_rows(1000, now)
    print(describe(rows, now))
    for r in rows[:10]:
        print(r)
