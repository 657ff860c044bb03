"""uvicorn's h11 protocol with a time limit on the request head (uvicorn has none of its own).

A client that opens a connection and trickles its request line and headers (slowloris) would
otherwise hold the connection for as long as it likes; here the head must arrive within
``head_timeout`` seconds of the connection opening, or of the previous response on a kept-alive
connection, else the server answers 408 (or, if nothing at all arrived, just closes). The body has its own limit (``limits.Guard``).
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.h11_impl import H11Protocol

from .config import ServeConfig

_TIMEOUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: %d\r\n\r\n%s"
_BODY = b'{"error": {"code": "E063", "message": "the request head did not arrive in time"}}'


class HeadTimeoutProtocol(H11Protocol):
    """H11Protocol that closes a connection whose request head is too slow to arrive."""

    head_timeout: float | None = None  # None: the body timeout of the worker's ServeConfig

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def _limit(self) -> float:
        if self.head_timeout is None:
            type(self).head_timeout = ServeConfig.from_env().body_timeout
        return float(self.head_timeout or 10.0)

    def _arm(self) -> None:
        self._cancel()
        self._partial = False  # no byte of the next head yet
        self._head_timer = self.loop.call_later(self._limit(), self._head_too_slow)

    def _cancel(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _waiting_for_head(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def data_received(self, data: bytes) -> None:
        before = self.cycle
        super().data_received(data)
        if self.cycle is not None and self.cycle is not before:  # a whole head arrived
            self._cancel()
        elif data:
            self._partial = True

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self._waiting_for_head():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self._waiting_for_head() and not self.transport.is_closing():
            # Mid-head: tell the client why. Silent (idle) connections are just closed, so a
            # client about to reuse a kept-alive connection never reads a 408 it did not ask for.
            if self._partial:
                self.transport.write(_TIMEOUT % (len(_BODY), _BODY))
            self.transport.close()
