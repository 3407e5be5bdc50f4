"""The background runner: results typed and back in the GUI thread, one task at a time per lane, and an
action never queued behind a slow sync (each lane has its own thread)."""

from __future__ import annotations

import threading

from desktop_app.ui.background import BackgroundRunner, Lane


def test_result_and_error_come_back_in_the_gui_thread(qtbot):
    runner = BackgroundRunner()
    seen: list[tuple[object, bool]] = []

    def on_gui_thread() -> bool:
        return threading.current_thread() is threading.main_thread()

    runner.run(lambda: 6 * 7, lambda value: seen.append((value, on_gui_thread())))
    runner.run(lambda: 1 / 0, None, lambda error: seen.append((type(error), on_gui_thread())))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == [(42, True), (ZeroDivisionError, True)]
    assert not runner.busy


def test_an_action_completes_while_a_slow_sync_still_runs(qtbot):
    runner = BackgroundRunner()
    sync_started, release_sync = threading.Event(), threading.Event()
    done: list[str] = []

    def slow_sync() -> str:
        sync_started.set()
        assert release_sync.wait(10)
        return "synced"

    runner.run(slow_sync, done.append, lane=Lane.SYNC)
    assert sync_started.wait(5)
    runner.run(lambda: "revoked", done.append, lane=Lane.ACTION)
    try:
        qtbot.waitUntil(lambda: done == ["revoked"], timeout=5000)
        assert runner.busy  # the sync is still blocked
    finally:
        release_sync.set()
    qtbot.waitUntil(lambda: done == ["revoked", "synced"], timeout=5000)
    assert runner.wait_for_done(5000)


def test_tasks_of_one_lane_run_one_at_a_time_in_order(qtbot):
    runner = BackgroundRunner()
    first_started, release_first = threading.Event(), threading.Event()
    ran: list[str] = []

    def first() -> None:
        first_started.set()
        assert release_first.wait(10)
        ran.append("first")

    runner.run(first, lane=Lane.SYNC)
    runner.run(lambda: ran.append("second"), lane=Lane.SYNC)
    assert first_started.wait(5)
    assert ran == []  # the second waits for the first, although the first is blocked
    release_first.set()
    assert runner.wait_for_done(5000)
    assert ran == ["first", "second"]
