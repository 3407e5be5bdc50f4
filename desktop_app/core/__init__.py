"""Rules shared by the service and the desktop app. Pure Python: no Qt, HTTP, SQL or clock reads."""
