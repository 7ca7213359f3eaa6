"""A guard that makes every attempt to reach the network fail, loudly.

Triangulate is offline by promise: no import, report or view may fetch anything. The guard
replaces the socket entry points (connect, connect_ex, create_connection, name look-ups, and the
creation of Internet sockets) with functions that record the attempt and raise NetworkBlocked.
Unix-domain sockets stay allowed: Qt, multiprocessing and asyncio use them for local plumbing.

Raising is not enough on its own, since code under test may catch broad exceptions (a reader
turns any error into "could not read this file"); so every attempt is also recorded, and the
test fixture fails the test if anything was recorded during it (see tests/conftest.py).
"""
from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_INTERNET = (socket.AF_INET, socket.AF_INET6)
# Where helper processes (spawned readers, forked analysis workers, CLI runs) write their attempts,
# one per line, at once (a process may be killed), for the test process to read back.
LOG_ENV = "TRIANGULATE_NETGUARD_LOG"


class NetworkBlocked(RuntimeError):
    """Raised by the guard: the code under test tried to use the network."""


class NetworkGuard:
    def __init__(self, log: str | None = None) -> None:
        self.attempts: list[str] = []
        self.log = log
        self._read_up_to = 0
        self._saved: list[tuple[Any, str, Any]] = []

    def _block(self, what: str) -> NetworkBlocked:
        self.attempts.append(what)
        if self.log:
            with open(self.log, "a", encoding="utf-8") as log:
                log.write(f"pid {os.getpid()}: {what}\n")
        return NetworkBlocked(f"network access attempted in an offline app: {what}")

    def install(self) -> None:
        _preload_probes()
        guard = self
        original_init = socket.socket.__init__

        def guarded_init(sock: socket.socket, family: int = -1, type: int = -1, proto: int = -1,
                         fileno: int | None = None) -> None:
            # family -1 means "the default" (AF_INET) unless a file descriptor is being adopted.
            effective = socket.AF_INET if family == -1 and fileno is None else family
            if effective in _INTERNET and fileno is None:
                raise guard._block(f"socket(family={socket.AddressFamily(effective).name})")
            original_init(sock, family, type, proto, fileno)

        def refuse_method(name: str) -> Callable[..., Any]:
            original = getattr(socket.socket, name)

            def guarded(sock: socket.socket, address: Any, *args: Any, **kwargs: Any) -> Any:
                if sock.family == socket.AF_UNIX:
                    return original(sock, address, *args, **kwargs)
                raise guard._block(f"socket.{name}({address!r})")
            return guarded

        def refuse_function(name: str) -> Callable[..., Any]:
            def guarded(*args: Any, **kwargs: Any) -> Any:
                raise guard._block(f"socket.{name}{args!r}")
            return guarded

        self._patch(socket.socket, "__init__", guarded_init)
        for name in ("connect", "connect_ex", "sendto"):
            self._patch(socket.socket, name, refuse_method(name))
        for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
            self._patch(socket, name, refuse_function(name))

    def _patch(self, owner: Any, name: str, replacement: Any) -> None:
        self._saved.append((owner, name, owner.__dict__[name] if name in owner.__dict__ else getattr(owner, name)))
        setattr(owner, name, replacement)

    def uninstall(self) -> None:
        for owner, name, original in reversed(self._saved):
            setattr(owner, name, original)
        self._saved.clear()

    def take(self) -> list[str]:
        """The attempts since the last take(), forgotten: with a log, those of every process that
        writes to it (this one included), else this process's own."""
        taken, self.attempts = self.attempts, []
        if not self.log:
            return taken
        try:
            with open(self.log, "rb") as log:
                log.seek(self._read_up_to)
                new = log.read()
        except FileNotFoundError:
            return taken
        self._read_up_to += len(new)
        return new.decode("utf-8", "replace").splitlines()

    @contextmanager
    def expected(self) -> Iterator[list[str]]:
        """Attempts inside this block are expected (tests of the guard itself): collected, not failed."""
        before = self.take()
        found: list[str] = []
        try:
            yield found
        finally:
            found.extend(self.take())
            self.attempts = before


def _preload_probes() -> None:
    # urllib3 (which trafilatura, the web page reader, imports) creates an IPv6 socket at import
    # time to learn whether the machine has IPv6; it binds ::1 and sends nothing. Imported before
    # the guard goes up, so that harmless probe is not mistaken for an attempt to go online.
    try:
        import urllib3.util.connection  # noqa: F401
    except ImportError:
        pass


def install_for_subprocess() -> NetworkGuard:
    """The same guard in a helper process, which pytest's fixture does not reach; attempts go to the
    log named by TRIANGULATE_NETGUARD_LOG when it is set."""
    guard = NetworkGuard(os.environ.get(LOG_ENV) or None)
    guard.install()
    return guard
