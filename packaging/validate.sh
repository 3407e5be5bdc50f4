#!/usr/bin/env bash
# Validate the desktop integration files: bash packaging/validate.sh
# - resources/*.desktop and the AppStream metainfo as shipped;
# - the .desktop file `desktop-app --install-desktop-entry` writes (into a temp XDG_DATA_HOME),
#   and that --uninstall-desktop-entry removes everything it wrote.
# Needs desktop-file-validate (desktop-file-utils) and appstreamcli (appstream).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}

echo "== desktop-file-validate resources/*.desktop"
desktop-file-validate resources/*.desktop
echo "== appstreamcli validate resources/*.metainfo.xml"
appstreamcli validate --no-net --pedantic resources/*.metainfo.xml

echo "== desktop-app --install-desktop-entry / --uninstall-desktop-entry"
share=$(mktemp -d /tmp/token-desk-share.XXXXXX)
trap 'rm -rf "$share"' EXIT
XDG_DATA_HOME="$share" PYTHONPATH="$PWD" "$python" -m desktop_app --install-desktop-entry
entry="$share/applications/org.tokendesk.TokenDesk.desktop"
desktop-file-validate "$entry"
grep -q '^Exec=/' "$entry" || { echo "Exec= is not an absolute path:" >&2; grep '^Exec=' "$entry" >&2; exit 1; }
[ -f "$share/icons/hicolor/scalable/apps/token-desk.svg" ] || { echo "icon not installed" >&2; exit 1; }
XDG_DATA_HOME="$share" PYTHONPATH="$PWD" "$python" -m desktop_app --uninstall-desktop-entry
left=$(find "$share" -type f)
[ -z "$left" ] || { echo "left behind: $left" >&2; exit 1; }
echo "ok"
