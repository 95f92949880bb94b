"""Who may edit: the secret, the pause after five wrong tries, the address the pause applies to."""

from __future__ import annotations

from sitmap.edit.access import OFF, OPEN, WAIT, WRONG, EditorGate, client_address

SECRET = "correct horse battery"


def test_no_secret_or_a_short_one_turns_editing_off():
    assert EditorGate(None).check("1.2.3.4", "anything") == OFF
    assert EditorGate("short").check("1.2.3.4", "short") == OFF


def test_the_right_secret_opens_and_a_wrong_one_does_not():
    gate = EditorGate(SECRET)
    assert gate.check("1.2.3.4", SECRET, now=0) == OPEN
    assert gate.check("1.2.3.4", SECRET + " ", now=0) == WRONG
    assert gate.check("1.2.3.4", "", now=0) == WRONG


def test_five_wrong_tries_in_a_minute_make_that_address_wait_even_with_the_right_secret():
    gate = EditorGate(SECRET)
    assert [gate.check("1.2.3.4", "guess", now=t) for t in range(5)] == [WRONG] * 4 + [WAIT]
    assert gate.check("1.2.3.4", SECRET, now=10) == WAIT and gate.seconds_to_wait("1.2.3.4", now=10) == 50
    assert gate.check("5.6.7.8", SECRET, now=10) == OPEN  # another address is not held up
    assert gate.check("1.2.3.4", SECRET, now=61) == OPEN  # the minute has passed


def test_forwarded_addresses_count_only_from_a_trusted_proxy():
    assert client_address("10.0.0.2", "203.0.113.9, 10.0.0.2", ("10.0.0.2",)) == "203.0.113.9"
    assert client_address("198.51.100.7", "203.0.113.9", ("10.0.0.2",)) == "198.51.100.7"
    assert client_address(None, None, ()) == "unknown"
    assert client_address(object(), object(), ()) == "unknown"  # not a string: one key, not a new one per request
