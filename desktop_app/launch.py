"""`desktop-app`'s entry point: what is settled before the window, then the app.

In order: the command line (--help, --version and usage errors end here, without Qt); the
desktop-entry commands; a display to open a window on; one instance per user (a later start
hands its arguments to the running one and exits 0); then desktop_app.app.main with the
Workstation that runs the tray, the signals and the hand-over.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

EXIT_NO_DISPLAY = 2
EXIT_AFTER_FIRST_PAINT = "DESKTOP_APP_EXIT_AFTER_FIRST_PAINT"


def display_problem(environ: Mapping[str, str], platform: str) -> str | None:
    """Why no window can open here (one line), or None. Only X11/Wayland systems can lack a display."""
    if platform in ("win32", "darwin", "cygwin") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "desktop-app: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
        "start it from your desktop session, or set QT_QPA_PLATFORM (for example offscreen)."
    )


def main(argv: Sequence[str] | None = None) -> int:
    """`desktop-app` and `python -m desktop_app`."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    from desktop_app.settings import build_parser

    args = build_parser().parse_args(args_list)  # exits on --help, --version and bad input
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        from desktop_app.desktop_entry import run

        return run(install_entry=args.install_desktop_entry)
    problem = display_problem(os.environ, sys.platform)
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY

    # numpy's BLAS starts a thread per core at import (~30 ms and memory); the app does no linear algebra.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from desktop_app.single_instance import InstanceNotAnswering, SingleInstance
    from desktop_app.ui import pyside_workarounds  # noqa: F401 - before any signal is emitted
    from desktop_app.workstation import Workstation

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "desktop-app"])
    app.setApplicationName("Token Desk")  # the lock file records it, to tell a stale lock
    from desktop_app.ui.translations import install_translators

    install_translators(args.language)  # before any window or message; app.main finds them installed
    instance = None
    # The start-up measurement runs many short instances beside the user's own: no hand-over there.
    if os.environ.get(EXIT_AFTER_FIRST_PAINT) != "1":
        instance = SingleInstance()
        try:
            if not instance.claim_or_hand_over(args_list):
                print(
                    QCoreApplication.translate(
                        "launch",
                        "desktop-app: Token Desk is already running; its window was brought forward.",
                    ),
                    file=sys.stderr,
                )
                return 0
        except InstanceNotAnswering as error:
            print(f"desktop-app: {error}", file=sys.stderr)
            return 1
    from desktop_app.app import main as app_main

    workstation = Workstation(instance, background=args.background)
    return app_main(args_list, workstation=workstation)
