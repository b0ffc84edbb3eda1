"""The meeting timer state machine, driven by a fake millisecond clock."""

from __future__ import annotations

import pytest

from prm.core.meeting_timer import (
    MINUTE,
    Event,
    Item,
    MeetingTimer,
    Phase,
    State,
    TimerError,
    scale_to_fit,
)


def agenda(*minutes: int) -> list[Item]:
    return [Item(f"Item {i + 1}", m * MINUTE) for i, m in enumerate(minutes)]


@pytest.fixture
def timer() -> MeetingTimer:
    t = MeetingTimer(45 * MINUTE, agenda(10, 20, 15))
    t.start(0)
    return t


def test_phases_follow_the_time_left(timer):
    assert timer.view(0).phase == Phase.CALM
    assert timer.view(35 * MINUTE - 1).phase == Phase.CALM
    assert timer.view(35 * MINUTE).phase == Phase.AMBER  # 10 minutes left
    assert timer.view(40 * MINUTE).phase == Phase.RED  # 5 left
    assert not timer.view(41 * MINUTE + 59_999).wrap_up
    assert timer.view(42 * MINUTE).wrap_up  # 3 left: capture outcomes
    view = timer.view(47 * MINUTE)
    assert view.phase == Phase.OVERRUN and view.overrun_ms == 2 * MINUTE


def test_each_warning_fires_once(timer):
    assert timer.tick(34 * MINUTE) == [Event.ITEM_OVER]  # item 1 planned 10 min
    assert timer.tick(35 * MINUTE) == [Event.AMBER]
    assert timer.tick(36 * MINUTE) == []
    assert timer.tick(42 * MINUTE) == [Event.RED, Event.WRAP_UP]
    assert timer.tick(46 * MINUTE) == [Event.OVERRUN]
    assert timer.tick(50 * MINUTE) == []


def test_pauses_are_recorded_but_not_counted(timer):
    timer.pause(10 * MINUTE)
    assert timer.view(25 * MINUTE).elapsed_ms == 10 * MINUTE
    timer.resume(25 * MINUTE)
    assert timer.view(30 * MINUTE).elapsed_ms == 15 * MINUTE
    assert timer.paused_ms(30 * MINUTE) == 15 * MINUTE
    assert len(timer.pauses) == 1


def test_next_item_records_actual_time(timer):
    timer.next_item(12 * MINUTE)
    view = timer.view(13 * MINUTE)
    assert (view.item_title, view.next_item_title) == ("Item 2", "Item 3")
    assert view.item_remaining_ms == 19 * MINUTE
    timer.next_item(30 * MINUTE)
    assert timer.view(30 * MINUTE).next_item_title is None
    with pytest.raises(TimerError):
        timer.next_item(31 * MINUTE)
    timer.end(44 * MINUTE)
    assert [i.actual_ms // MINUTE for i in timer.items] == [12, 18, 14]


def test_an_extra_minute_is_taken_from_later_items_and_the_end_stays(timer):
    assert not timer.minute_moves_end()
    assert timer.add_minute(5 * MINUTE) == 0  # the end did not move
    planned = [i.planned_ms for i in timer.items]
    assert planned[0] == 11 * MINUTE
    assert sum(planned) == 45 * MINUTE
    assert planned[1] < 20 * MINUTE and planned[2] < 15 * MINUTE
    assert timer.length_ms == 45 * MINUTE


def test_an_extra_minute_on_the_last_item_moves_the_end(timer):
    timer.next_item(10 * MINUTE)
    timer.next_item(30 * MINUTE)
    assert timer.minute_moves_end()
    assert timer.add_minute(40 * MINUTE) == MINUTE
    assert timer.length_ms == 46 * MINUTE


def test_ending_while_paused_counts_up_to_the_pause(timer):
    timer.pause(20 * MINUTE)
    timer.end(30 * MINUTE)
    assert timer.state == State.ENDED
    assert timer.elapsed(99 * MINUTE) == 20 * MINUTE


def test_buttons_in_the_wrong_state_are_refused():
    t = MeetingTimer(25 * MINUTE, agenda(25))
    with pytest.raises(TimerError):
        t.pause(0)
    t.start(0)
    with pytest.raises(TimerError):
        t.resume(1)


def test_state_survives_a_round_trip_through_storage(timer):
    timer.pause(5 * MINUTE)
    restored = MeetingTimer.from_dict(timer.to_dict())
    assert restored == timer
    restored.resume(8 * MINUTE)
    assert restored.view(10 * MINUTE).elapsed_ms == 7 * MINUTE


def test_no_agenda_means_one_discussion_item():
    t = MeetingTimer(30 * MINUTE, [])
    t.start(0)
    assert t.view(0).item_title == "Discussion"


def test_scale_to_fit_keeps_whole_minutes_and_the_length():
    assert scale_to_fit([20 * MINUTE] * 3, 45 * MINUTE) == [15 * MINUTE] * 3
    scaled = scale_to_fit([40 * MINUTE, 10 * MINUTE, 5 * MINUTE], 30 * MINUTE)
    assert sum(scaled) == 30 * MINUTE and all(s % MINUTE == 0 and s >= MINUTE for s in scaled)
    with pytest.raises(ValueError):
        scale_to_fit([MINUTE] * 20, 15 * MINUTE)


def test_minutes_of_rounds_half_a_minute_up_and_over_by_is_at_least_one():
    from datetime import timedelta

    from prm.core.meeting_timer import minutes_of, over_by_minutes

    assert [minutes_of(s) for s in (0, 29, 30, 89, 90, 3029, 3030)] == [0, 0, 1, 1, 2, 50, 51]
    assert minutes_of(timedelta(minutes=50, seconds=30)) == 51
    assert over_by_minutes(3030, 45) == 6  # 51 shown, 45 planned
    assert over_by_minutes(45 * 60 + 5, 45) == 1  # over at all: at least 1
    assert over_by_minutes(45 * 60, 45) == 0
