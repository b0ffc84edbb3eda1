"""Meetings persisted: plan rules, crash-proof progress, the touch at the end, stats."""

from __future__ import annotations

from datetime import date

import pytest

from prm.core import contacts, meeting_history, meetings, touches
from prm.core.drafts import ContactDraft
from prm.core.errors import ValidationError
from prm.core.meeting_brief import meeting_brief
from prm.core.meeting_timer import MINUTE, State
from prm.core.meetings import AgendaDraft, MeetingDraft, MeetingSummary, now_ms
from prm.core.models import Contact, Touch
from prm.core.timeline import contact_timeline


@pytest.fixture
def people(store, clock):
    with store.transaction() as session:
        return [
            contacts.create_contact(
                session,
                draft=ContactDraft(
                    given_name=name, pref_coffee="flat white", birthday="1985-03-20"
                ),
                clock=clock,
            ).id
            for name in ("Ann", "Bob")
        ]


def start(store, clock, attendees, length=45, items=(("Status", 20), ("Next steps", 25)), **kw):
    draft = MeetingDraft(
        attendees, length_minutes=length, items=[AgendaDraft(t, m) for t, m in items], **kw
    )
    with store.transaction() as session:
        meeting = meetings.start_meeting(session, draft=draft, clock=clock)
        return meeting.id, meetings.saved_timer(meeting)


def finish(store, clock, meeting_id, timer, **summary):
    with store.transaction() as session:
        return meetings.end_meeting(
            session,
            meeting_id=meeting_id,
            timer=timer,
            summary=MeetingSummary(**summary),
            clock=clock,
        ).id


def test_longer_than_45_minutes_needs_confirmation_and_is_marked(store, clock, people):
    with pytest.raises(ValidationError) as exc:
        MeetingDraft(people, length_minutes=60).cleaned()
    assert "45-minute rule" in exc.value.errors["length_minutes"]
    meeting_id, _ = start(store, clock, people, length=60, over_rule_confirmed=True)
    with store.reading() as session:
        assert meetings.get_meeting(session, meeting_id=meeting_id).over_rule


def test_plan_errors_name_the_item_and_the_attendees(store, clock):
    with pytest.raises(ValidationError) as exc:
        MeetingDraft([], items=[AgendaDraft("", 5), AgendaDraft("Budget", 0)]).cleaned()
    assert set(exc.value.errors) == {"attendee_ids", "items[0]", "items[1]"}
    assert "Budget" in exc.value.errors["items[1]"]


def test_a_whole_meeting_logs_one_touch_with_the_real_duration(store, clock, people):
    meeting_id, timer = start(store, clock, people)
    clock.advance(minutes=18)
    timer.next_item(now_ms(clock))
    timer.pause(now_ms(clock))
    clock.advance(minutes=5)  # a pause: recorded, not counted
    timer.resume(now_ms(clock))
    clock.advance(minutes=20)
    finish(
        store,
        clock,
        meeting_id,
        timer,
        notes="Went well",
        outcomes="Signed",
        next_step="Send SOW",
        next_touch_on=date(2026, 3, 20),
    )
    with store.reading() as session:
        meeting = meetings.get_meeting(session, meeting_id=meeting_id)
        assert meeting.state == "ended"
        assert meeting.actual_seconds == 38 * 60
        assert meeting.paused_seconds == 5 * 60
        assert [(i.planned_seconds, i.actual_seconds) for i in meeting.items] == [
            (1200, 1080),
            (1500, 1200),
        ]
        assert len(meeting.pauses) == 1
        touch = session.get(Touch, meeting.touch_id)
        assert touch.channel == "meeting" and touch.duration_minutes == 38
        assert touch.follow_up_on == date(2026, 3, 20)
        assert "Send SOW" in touch.notes
        assert sorted(p.contact_id for p in touch.participants) == sorted(people)
        assert session.get(Contact, people[1]).last_touch_at == meeting.started_at


def test_progress_and_notes_survive_a_crash_and_can_end_at_the_last_known_time(
    store, clock, people
):
    meeting_id, timer = start(store, clock, people)
    clock.advance(minutes=10)
    timer.next_item(now_ms(clock))
    with store.transaction() as session:
        meetings.save_progress(
            session, meeting_id=meeting_id, timer=timer, notes="They want a pilot", clock=clock
        )
    last_seen = now_ms(clock)
    clock.advance(hours=3)  # the app died; this is the next start
    with store.reading() as session:
        live = meetings.live_meeting(session)
        assert live.id == meeting_id and live.notes == "They want a pilot"
        recovered = meetings.saved_timer(live)
        assert recovered.current == 1 and recovered.state == State.RUNNING
    with store.transaction() as session:
        meetings.end_meeting(
            session,
            meeting_id=meeting_id,
            timer=recovered,
            summary=MeetingSummary(notes="They want a pilot"),
            clock=clock,
            ended_ms=last_seen,
        )
    with store.reading() as session:
        meeting = meetings.get_meeting(session, meeting_id=meeting_id)
        assert meeting.actual_seconds == 10 * 60
        assert meetings.live_meeting(session) is None


def test_meeting_replaces_its_touch_on_the_timeline(store, clock, people):
    meeting_id, timer = start(store, clock, people)
    clock.advance(minutes=30)
    finish(store, clock, meeting_id, timer)
    with store.reading() as session:
        entries = contact_timeline(session, contact_id=people[0])
        assert [(e.kind, e.id) for e in entries] == [("meeting", meeting_id)]
        assert entries[0].with_names == ("Bob",)
        assert contact_timeline(session, contact_id=people[0], kinds={"touch"}) == []


def test_stats_count_median_share_under_45_and_overruns_by_contact(store, clock, people):
    ann, bob = people
    for minutes, who in ((30, [ann]), (50, [ann, bob]), (40, [bob])):
        meeting_id, timer = start(store, clock, who, length=45)
        clock.advance(minutes=minutes)
        finish(store, clock, meeting_id, timer)
        clock.advance(days=1)
    with store.reading() as session:
        stats = meeting_history.meeting_stats(session)
        listed = meeting_history.list_meetings(session, contact_id=bob)
    assert stats.count == 3 and stats.median_minutes == 40
    assert stats.share_under_rule == pytest.approx(2 / 3)
    assert stats.overruns == 1
    assert {o.name for o in stats.overruns_by_contact} == {"Ann", "Bob"}
    assert [r.actual_minutes for r in listed] == [40, 50]


def test_brief_gathers_history_preferences_and_last_meeting(store, clock, people):
    ann, _ = people
    meeting_id, timer = start(store, clock, [ann])
    clock.advance(minutes=20)
    finish(
        store, clock, meeting_id, timer, notes="Budget is tight", next_touch_on=date(2026, 3, 30)
    )
    clock.advance(hours=2)
    with store.transaction() as session:  # after the meeting, so the meeting did not answer it
        touches.log_touch(
            session,
            draft=touches.TouchDraft(
                [ann], "email", direction="in", summary="Proposal questions", needs_reply=True
            ),
            clock=clock,
        )
    with store.reading() as session:
        (brief,) = meeting_brief(session, contact_ids=[ann], today=date(2026, 3, 14))
    assert brief.preferences == {"Coffee": "flat white"}
    assert brief.upcoming_events == [(date(2026, 3, 20), "Birthday (turns 41)")]
    assert brief.replies_owed[0][1] == "Proposal questions"
    assert brief.open_follow_ups == [(date(2026, 3, 30), "Meeting with Ann")]
    assert [e.kind for e in brief.last_touches] == ["touch", "meeting"]
    assert brief.last_meeting[1] == "Budget is tight"


def test_add_minute_keeps_the_end_and_is_saved_per_item(store, clock, people):
    meeting_id, timer = start(
        store, clock, people, length=30, items=(("A", 10), ("B", 10), ("C", 10))
    )
    timer.add_minute(now_ms(clock))
    assert timer.length_ms == 30 * MINUTE
    clock.advance(minutes=11)
    finish(store, clock, meeting_id, timer)
    with store.reading() as session:
        planned = [
            i.planned_seconds for i in meetings.get_meeting(session, meeting_id=meeting_id).items
        ]
    assert planned[0] == 11 * 60 and sum(planned) == 30 * 60
