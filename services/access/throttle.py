"""The wrong-access-code throttle: per client, exponential backoff, and a server-wide ceiling.

Plain Python. The app keeps one :class:`Throttle` per server process in a module
variable (``ui.auth``), not in a Streamlit cache: any connection may ask Streamlit
to clear its caches, and that must not reset who is waiting.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


def client_address(direct: str | None, forwarded_for: str | None) -> str | None:
    """The address the throttle counts: the connection's own, else the proxy's last hop.

    ``direct`` is None when the connection comes from this machine (Streamlit's
    ``st.context.ip_address``), i.e. from the reverse proxy: then the last
    ``X-Forwarded-For`` entry, the one nginx added, names the client. A direct
    connection's own address always wins, so a client cannot choose its address.
    """
    if direct:
        return direct
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    return hops[-1] if hops else None


@dataclass(frozen=True)
class ThrottlePolicy:
    """How wrong access codes slow a client down, and the ceiling for the whole server."""

    free: int = 5  # wrong codes per session before the first wait
    address_free: int = 30  # wrong codes per address (an office behind one NAT) before a wait
    base: float = 5.0  # the first wait in seconds; it doubles with every further wrong code
    cap: float = 900.0  # the longest wait
    forget: float = 3600.0  # a client's count is dropped after this long without a wrong code
    ceiling: int = 300  # wrong codes per ``window`` from everyone together before all code sign-in waits
    window: float = 60.0
    max_clients: int = 10_000  # memory bound: the oldest clients are forgotten first


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0
    until: float = 0.0  # no attempt before this time


class Throttle:
    """Wrong-code throttle per client (session and address), with exponential backoff.

    One object per server process, kept outside Streamlit's caches (a client may
    clear those). Each wrong code counts for the session and, when known, for the
    address; past ``free`` wrong codes every further one doubles the wait. A client
    waiting never blocks another client's correct code; only the global ceiling,
    far above what one client can reach, stops everyone for the rest of its window.
    """

    def __init__(self, policy: ThrottlePolicy | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.policy, self.clock = policy or ThrottlePolicy(), clock
        self._records: dict[tuple[str, str], _Record] = {}
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()

    @staticmethod
    def _keys(session: str, address: str | None) -> list[tuple[str, str]]:
        return [("session", session)] + ([("address", address)] if address else [])

    def wait(self, session: str, address: str | None = None) -> float:
        """Seconds this client must wait before its next try (0: it may try now)."""
        with self._lock:
            now = self.clock()
            self._trim(now)
            waits = [0.0]
            if len(self._recent) >= self.policy.ceiling:
                waits.append(self._recent[0] + self.policy.window - now)
            for key in self._keys(session, address):
                record = self._records.get(key)
                if record is not None:
                    waits.append(record.until - now)
            return max(waits)

    def blocked(self, session: str, address: str | None = None) -> bool:
        """True while this client (or everyone, past the ceiling) must wait."""
        return self.wait(session, address) > 0

    def failed(self, session: str, address: str | None = None) -> None:
        """Record one wrong code from this client and set its next wait."""
        with self._lock:
            now = self.clock()
            self._trim(now)
            self._recent.append(now)
            for key in self._keys(session, address):
                record = self._records.pop(key, None) or _Record()
                record.failures += 1
                record.last = now
                free = self.policy.free if key[0] == "session" else self.policy.address_free
                if record.failures > free:
                    delay = self.policy.base * 2 ** min(record.failures - free - 1, 30)
                    record.until = now + min(delay, self.policy.cap)
                self._records[key] = record  # re-inserted: the dict stays ordered oldest first
            while len(self._records) > self.policy.max_clients:
                self._records.pop(next(iter(self._records)))

    def succeeded(self, session: str) -> None:
        """A correct code: this session starts afresh (its address keeps its count)."""
        with self._lock:
            self._records.pop(("session", session), None)

    def _trim(self, now: float) -> None:
        while self._recent and self._recent[0] <= now - self.policy.window:
            self._recent.popleft()
        stale = [k for k, r in self._records.items() if r.last <= now - self.policy.forget and r.until <= now]
        for key in stale:
            del self._records[key]
