"""`python -m desktop_app` runs the desktop app (the same as the `desktop-app` command)."""

from desktop_app.launch import main

raise SystemExit(main())
