"""A request body limit checked before the body is read: 413 problem+json.

A declared Content-Length over the limit is refused before the application runs; a body sent
without one (chunked) is counted as it streams and refused as soon as it passes the limit, so no
request makes the service buffer more than the limit before authentication.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import problem_response

TOO_LARGE_DETAIL = "The request body is larger than this service accepts ({limit} bytes); send less."


def too_large(limit: int) -> Response:
    return problem_response(
        413,
        "Request too large",
        TOO_LARGE_DETAIL.format(limit=limit),
        kind="request-too-large",
        headers={"Connection": "close"},
    )


class BodyTooLarge(HTTPException):
    """Raised from `receive` while the body streams; answered 413 by the problem handlers."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, TOO_LARGE_DETAIL.format(limit=limit), headers={"Connection": "close"})


class BodyLimit:
    """ASGI middleware refusing request bodies over `max_bytes`."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = None
                if declared is None or declared > self.max_bytes:
                    await too_large(self.max_bytes)(scope, receive, send)
                    return
        received = 0
        limit = self.max_bytes

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)
