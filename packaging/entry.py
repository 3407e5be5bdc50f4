"""The frozen build's entry script: absolute imports only (PyInstaller runs it as a top-level script)."""

from desktop_app.launch import main

if __name__ == "__main__":
    raise SystemExit(main())
