"""Reading the embedded engine's log to tell a long AOF replay (no answer at all while one big
replayed command runs) from a server that is down."""

from service.store.engines.embedded import still_loading

START = """\
25989:C 24 Nov 2026 20:18:02.191 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo
25989:M 24 Nov 2026 20:18:02.203 * Module 'graph' loaded from /x/falkordb.so
25989:M 24 Nov 2026 20:18:02.203 * Server initialized
25989:M 24 Nov 2026 20:18:02.204 * Reading RDB base file on AOF loading...
25989:M 24 Nov 2026 20:18:02.204 * Loading RDB produced by version 8.2.3
25989:M 24 Nov 2026 20:18:02.204 * DB loaded from base file appendonly.aof.1.base.rdb: 0.001 seconds
"""
READY = """\
25989:M 24 Nov 2026 20:21:40.001 * DB loaded from incr file appendonly.aof.1.incr.aof: 218 seconds
25989:M 24 Nov 2026 20:21:40.002 * Ready to accept connections unix
"""
FRESH = """\
31000:M 24 Nov 2026 21:00:00.000 * Server initialized
31000:M 24 Nov 2026 21:00:00.001 * Ready to accept connections unix
"""


def test_a_start_replaying_its_log_is_loading() -> None:
    assert still_loading(START)


def test_a_start_that_finished_loading_is_not() -> None:
    assert not still_loading(START + READY)


def test_only_the_latest_start_counts() -> None:
    assert still_loading(START + READY + "31000:M * Server initialized\n" + START.split("\n", 3)[3])
    assert not still_loading(START + READY + FRESH)


def test_no_start_in_the_log_is_not_loading() -> None:
    assert not still_loading("")
    assert not still_loading("crashed before initialising\n")
