"""HTTP routes, one module per area: session, tokens, introspection (the token-unlocked API is ../protected.py)."""
