#!/usr/bin/env bash
# Refresh the translation sources from the code, then compile them (run from anywhere).
#   bash packaging/update_translations.sh
# 1. pyside6-lupdate adds every new tr()/translate()/QT_TRANSLATE_NOOP text of the UI to each
#    resources/translations/token-desk_<lang>.ts as "unfinished" and marks removed ones obsolete
#    (-no-obsolete drops those).
# 2. Translate the unfinished entries (Qt Linguist: pyside6-linguist, or any editor).
# 3. pyside6-lrelease compiles each .ts to the .qm beside it; the .qm is committed, so a source
#    install needs no build step. tests/ui/test_translations.py fails while an entry is unfinished
#    or a .qm is older than its .ts.
set -euo pipefail
cd "$(dirname "$0")/.."
sources=(desktop_app/ui/*.py desktop_app/workstation.py desktop_app/launch.py desktop_app/app.py)
for ts in resources/translations/token-desk_*.ts; do
    pyside6-lupdate -no-obsolete -locations none "${sources[@]}" -ts "$ts"
    pyside6-lrelease "$ts" -qm "${ts%.ts}.qm"
done
