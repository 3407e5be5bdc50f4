"""The token service client's calls of issue 12: a token's details (usage evidence), its description,
rotation with a grace period, and the tenant policy.

A mixin of `TokenServiceClient` (client/api.py), kept apart so neither file grows past its size: it
uses that class's plumbing (`_call`, `_json`, `_parse`). A rotated token's new secret is in the result
only, as a generated one's.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from desktop_app.core.tokens import TokenInfo

from .details import TokenDetails, details_from_json
from .errors import UnexpectedResponse
from .hygiene import _Plumbing
from .models import RotatedToken, token_from_json


class LifecycleCalls:
    """Issue 12's calls; mixed into TokenServiceClient."""

    def token_details(self: _Plumbing, token_id: str) -> TokenDetails:
        """The token with its usage evidence (last addresses, daily counts) and, during a rotation's
        grace period, the old secret's last use."""
        response = self._call("GET", f"tokens/{quote(str(token_id), safe='')}")
        details: TokenDetails = self._parse(details_from_json, self._json(response))
        return details

    def describe(self: _Plumbing, token_id: str, text: str) -> TokenInfo:
        """Set the token's description (≤ 500 characters; allowed to whoever may revoke it)."""
        response = self._call("PATCH", f"tokens/{quote(str(token_id), safe='')}", json={"description": text})
        token: TokenInfo = self._parse(token_from_json, self._json(response))
        return token

    def rotate(self: _Plumbing, token_id: str, grace_hours: int = 24) -> RotatedToken:
        """A new secret for the token (same id, name, privileges; expiry renewed by the tenant policy);
        the old one works `grace_hours` more hours (0: stops at once). The secret is in the result only."""
        path = f"tokens/{quote(str(token_id), safe='')}/rotate"
        data = self._json(self._call("POST", path, json={"grace_hours": int(grace_hours)}, expect=(200, 201)))
        secret = data.get("secret")
        if not isinstance(secret, str) or not secret:
            raise UnexpectedResponse(self.base_url, 201)
        token = self._parse(token_from_json, data)
        return RotatedToken(token=token, secret=secret, tenant_api_url=str(data.get("tenant_api_url", "")))

    def end_grace(self: _Plumbing, token_id: str) -> TokenInfo:
        """Stop the rotation's old secret of the token now; the token as it is then."""
        response = self._call("POST", f"tokens/{quote(str(token_id), safe='')}/end-grace")
        token: TokenInfo = self._parse(token_from_json, self._json(response))
        return token

    def get_policy(self: _Plumbing) -> dict[str, Any]:
        """The tenant's token policy document (core.policy.policy_json's form)."""
        return self._json(self._call("GET", "policy"))

    def put_policy(self: _Plumbing, doc: dict[str, Any]) -> dict[str, Any]:
        """Change the tenant policy (global admins; fields left out keep their value); the new document.
        PermissionDenied for others, ValidationFailed with the service's sentence for a bad document."""
        return self._json(self._call("PUT", "policy", json=doc))
