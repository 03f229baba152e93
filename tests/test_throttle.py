"""The wrong-code throttle (services.access.throttle), driven by a hand-moved clock."""

from __future__ import annotations

import pytest

from services.access import throttle


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


POLICY = throttle.ThrottlePolicy(free=3, address_free=10, base=2.0, cap=60.0, forget=600.0, ceiling=50, window=60.0)


def fail(th: throttle.Throttle, times: int, session: str, address: str | None = None) -> None:
    for _ in range(times):
        th.failed(session, address)


def test_throttle_backs_off_exponentially_per_session() -> None:
    clock = Clock()
    th = throttle.Throttle(POLICY, clock=clock)
    fail(th, 3, "a")
    assert th.wait("a") == 0  # the free tries
    waits = []
    for _ in range(6):
        th.failed("a")
        waits.append(th.wait("a"))
        clock.now += waits[-1]  # the client waits exactly as long as it must
        assert not th.blocked("a")
    assert waits == [2.0, 4.0, 8.0, 16.0, 32.0, 60.0]  # doubling, capped


def test_one_clients_wrong_codes_never_block_another_clients_correct_code() -> None:
    clock = Clock()
    th = throttle.Throttle(POLICY, clock=clock)
    fail(th, 20, "attacker", "203.0.113.9")
    assert th.blocked("attacker", "203.0.113.9")
    assert th.blocked("attacker-new-session", "203.0.113.9")  # a new session from the same address
    assert not th.blocked("victim", "198.51.100.7")
    assert not th.blocked("local-victim", None)


def test_the_address_allows_more_than_one_session_before_waiting() -> None:
    clock = Clock()
    th = throttle.Throttle(POLICY, clock=clock)
    for session in ("s1", "s2", "s3"):  # three people behind one office NAT, three wrong codes each
        fail(th, 3, session, "192.0.2.1")
    assert not th.blocked("s4", "192.0.2.1")
    fail(th, 2, "s5", "192.0.2.1")  # the 11th wrong code from that address
    assert th.blocked("s6", "192.0.2.1")


def test_the_global_ceiling_stops_everyone_for_the_rest_of_its_window() -> None:
    clock = Clock()
    th = throttle.Throttle(POLICY, clock=clock)
    for index in range(POLICY.ceiling):  # a botnet: many sessions and addresses, one wrong code each
        clock.now += 0.1
        th.failed(f"s{index}", f"10.0.{index // 250}.{index % 250}")
    assert th.blocked("innocent", "198.51.100.7")
    clock.now += POLICY.window
    assert not th.blocked("innocent", "198.51.100.7")


def test_a_correct_code_resets_the_session_and_old_failures_are_forgotten() -> None:
    clock = Clock()
    th = throttle.Throttle(POLICY, clock=clock)
    fail(th, 3, "a")
    th.succeeded("a")
    th.failed("a")
    assert not th.blocked("a")  # counting starts afresh
    fail(th, 5, "b")
    clock.now += POLICY.forget + 1
    th.failed("b")
    assert not th.blocked("b")  # an hour later, b has its free tries again


def test_the_throttle_forgets_the_oldest_clients_beyond_its_bound() -> None:
    clock = Clock()
    th = throttle.Throttle(throttle.ThrottlePolicy(free=0, max_clients=4, ceiling=10**6), clock=clock)
    for session in "abcdef":
        th.failed(session)
    assert [th.blocked(s) for s in "abcdef"] == [False, False, True, True, True, True]


@pytest.mark.parametrize(
    ("direct", "forwarded", "counted"),
    [
        ("203.0.113.9", None, "203.0.113.9"),
        ("203.0.113.9", "10.0.0.1", "203.0.113.9"),  # a direct client cannot pick its address
        (None, "198.51.100.7", "198.51.100.7"),  # behind nginx on the same machine
        (None, "10.0.0.1, 198.51.100.7", "198.51.100.7"),  # a forged first hop is ignored
        (None, " , ", None),
        (None, None, None),  # local use: the session alone
    ],
)
def test_client_address(direct: str | None, forwarded: str | None, counted: str | None) -> None:
    assert throttle.client_address(direct, forwarded) == counted
