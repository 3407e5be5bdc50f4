"""`python -m desktop_app` runs the desktop app (the same as the `desktop-app` command)."""

from .app import main

raise SystemExit(main())
