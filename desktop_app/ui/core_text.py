"""core/'s fixed words (kind, status, privileges and role names) in the interface's language.

core/ stays free of Qt, so its labels are English (and this module too: columns.py reads it); the UI passes them through `core_label` where it
shows them. The table below only marks them for pyside6-lupdate (QT_TRANSLATE_NOOP): a new label in
core/ is added here too, or it shows in English.
"""

from __future__ import annotations

from .translate import QT_TRANSLATE_NOOP, translate

CONTEXT = "core"

CORE_LABELS = (
    # TokenKind: section, noun, noun with article
    QT_TRANSLATE_NOOP("core", "API tokens"),
    QT_TRANSLATE_NOOP("core", "SIEM agents"),
    QT_TRANSLATE_NOOP("core", "Log collectors"),
    QT_TRANSLATE_NOOP("core", "API token"),
    QT_TRANSLATE_NOOP("core", "SIEM agent token"),
    QT_TRANSLATE_NOOP("core", "log collector token"),
    QT_TRANSLATE_NOOP("core", "an API token"),
    QT_TRANSLATE_NOOP("core", "a SIEM agent token"),
    QT_TRANSLATE_NOOP("core", "a log collector token"),
    QT_TRANSLATE_NOOP("core", "Log collector token"),  # generate_flow.KIND_NOUNS
    # TokenStatus
    QT_TRANSLATE_NOOP("core", "Generated"),
    QT_TRANSLATE_NOOP("core", "Active"),
    QT_TRANSLATE_NOOP("core", "Inactive"),
    QT_TRANSLATE_NOOP("core", "Expired"),
    # Privileges
    QT_TRANSLATE_NOOP("core", "Read"),
    QT_TRANSLATE_NOOP("core", "Read + write"),
    # generate_flow: the privilege descriptions, the fixed messages
    QT_TRANSLATE_NOOP(
        "core", "Can read the tenant's data (for example list alerts); cannot change anything."
    ),
    QT_TRANSLATE_NOOP("core", "Can read and alter the tenant's data (for example close alerts)."),
    QT_TRANSLATE_NOOP(
        "core",
        "The token could not be generated because of an unexpected error. "
        "The details were written to the log; try again, and report it if it keeps happening.",
    ),
    # rotate_flow: the fixed message
    QT_TRANSLATE_NOOP(
        "core",
        "The token could not be rotated because of an unexpected error; its secret is unchanged. "
        "The details were written to the log; try again, and report it if it keeps happening.",
    ),
    # tokens: the name rules' fixed messages (the others name the token and stay English)
    QT_TRANSLATE_NOOP("core", "Give the token a name."),
    QT_TRANSLATE_NOOP("core", "Give the token a name (1 to 64 characters)."),
    # Role
    QT_TRANSLATE_NOOP("core", "Global admin"),
    QT_TRANSLATE_NOOP("core", "Security admin"),
    QT_TRANSLATE_NOOP("core", "Security operator"),
    QT_TRANSLATE_NOOP("core", "Security reader"),
)


def core_label(text: str) -> str:
    """`text` (a label from core/) translated at use time; unknown text comes back unchanged."""
    return translate(CONTEXT, text)


def core_message(text: str | None) -> str | None:
    """A message from core/ (or None) translated when it is one of the fixed ones above."""
    return None if text is None else translate(CONTEXT, text)
