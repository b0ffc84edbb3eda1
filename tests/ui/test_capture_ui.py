"""The Capture section driven by keyboard, as a user would: accept, undo, reject,
ignore, edit, new contacts, sources and Run now."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlmodel import select

from prm.core.capture import queue, sources
from prm.core.capture.proposer import Proposed, ProposedPerson
from prm.core.capture.source_config import SourceConfig
from prm.core.models import CaptureSource
from prm.ui.capture.capture_section import CAPTURE
from prm.ui.capture.capture_tree import NEW_CONTACTS
from prm.ui.touches.touch_sections import REPLIES


def _source(store, clock, tmp_path, label="Work mail", kind="eml") -> int:
    folder = tmp_path / label.replace(" ", "_")
    folder.mkdir(exist_ok=True)
    with store.transaction() as session:
        return sources.add_source(
            session, SourceConfig(kind, str(folder)), clock=clock, label=label
        ).id


def _propose(store, clock, source_id, *items: Proposed) -> list[int]:
    with store.transaction() as session:
        return queue.save_proposals(session, items, source_id=source_id, clock=clock)


def _mail(key, who_id, email, *, days_ago=1, needs_reply=False, summary="Lunch?", extra=()):
    return Proposed(
        "message", key, clock_now() - timedelta(days=days_ago), "email", "in", summary,
        (ProposedPerson(email, "", who_id), *extra), needs_reply=needs_reply,
        thread=key, sender=email,
    )  # fmt: skip


def clock_now():
    from datetime import UTC, datetime

    return datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def _show(qtbot, window, wait_idle):
    window.sidebar.select(CAPTURE)
    view = window.section(CAPTURE).view
    wait_idle()
    view.tree.setFocus()
    return view


def _key(qtbot, view, key):
    qtbot.keyClick(view.tree, key)


def test_accepting_by_keyboard_logs_touches_and_moves_awaiting_reply_undo_puts_back(
    qtbot, window, store, clock, tmp_path, add_contact, wait_idle
):
    ann = add_contact("Ann", "Lee", emails=("ann@example.org",), cadence_tier_id=1)
    bob = add_contact("Bob", "Stone", emails=("bob@example.org",))
    sid = _source(store, clock, tmp_path)
    _propose(
        store, clock, sid,
        _mail("m1", ann, "ann@example.org", needs_reply=True, summary="Can you call me?"),
        _mail("m2", bob, "bob@example.org", days_ago=2, summary="Photos"),
    )  # fmt: skip
    qtbot.waitUntil(lambda: window.sidebar.count_of(CAPTURE) == 2)
    assert window.sidebar.count_of(REPLIES) in (None, 0)
    view = _show(qtbot, window, wait_idle)
    assert view.tree.topLevelItemCount() == 2  # Ann's day, Bob's day
    assert view.tree.topLevelItem(0).text(0).startswith("Ann Lee — ")
    row = view.tree.topLevelItem(0).child(0)
    assert row.text(3) == "Can you call me?" and row.text(5) == "Needs reply"
    assert row.text(6) == "Work mail"

    view.tree.selectAll()  # both, in ONE step
    _key(qtbot, view, Qt.Key.Key_A)
    wait_idle()
    assert window.sidebar.count_of(CAPTURE) == 0
    assert "Nothing waiting" in view.empty.title.text()
    # Reach out and Awaiting reply heard the change channel at once.
    qtbot.waitUntil(lambda: window.sidebar.count_of(REPLIES) == 1)
    assert window.undo_stack.count() == 1

    window.actions.undo.trigger()  # Ctrl+Z
    wait_idle()
    qtbot.waitUntil(lambda: window.sidebar.count_of(CAPTURE) == 2)
    qtbot.waitUntil(lambda: window.sidebar.count_of(REPLIES) == 0)
    assert len(view.tree.shown_proposals()) == 2
    with store.reading() as session:
        from prm.core.models import Touch

        live = [t for t in session.exec(select(Touch)).all() if t.deleted_at is None]
    assert live == []  # the touches went to the trash


def test_reject_ignore_and_edit_by_keyboard(
    qtbot, window, store, clock, tmp_path, add_contact, wait_idle
):
    ann = add_contact("Ann", "Lee", emails=("ann@example.org",))
    sid = _source(store, clock, tmp_path)
    _propose(
        store, clock, sid,
        _mail("m1", ann, "ann@example.org", days_ago=1, summary="First"),
        _mail("m2", ann, "ann@example.org", days_ago=3, summary="Second"),
        _mail("m3", ann, "ann@example.org", days_ago=5, summary="Third"),
    )  # fmt: skip
    view = _show(qtbot, window, wait_idle)
    assert [p.summary for p in view.tree.shown_proposals()] == ["First", "Second", "Third"]

    _key(qtbot, view, Qt.Key.Key_Delete)  # the first row is selected on arrival
    wait_idle()
    assert [p.summary for p in view.tree.shown_proposals()] == ["Second", "Third"]

    section = window.section(CAPTURE)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        _key(qtbot, view, Qt.Key.Key_E)
    dialog = opened.args[0]
    dialog.summary.setText("Second, corrected")
    dialog.channel.setCurrentIndex(dialog.channel.findData("call"))
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    wait_idle()
    with store.reading() as session:
        from prm.core.models import Touch

        (touch,) = session.exec(select(Touch)).all()
    assert (touch.summary, touch.channel) == ("Second, corrected", "call")

    _key(qtbot, view, Qt.Key.Key_I)  # always ignore ann@: the third goes too
    wait_idle()
    assert view.tree.shown_proposals() == []
    assert "ignoring sender ann@example.org" in window.statusBar().currentMessage().lower()
    window.actions.undo.trigger()
    wait_idle()
    assert [p.summary for p in view.tree.shown_proposals()] == ["Third"]


def test_new_contacts_open_the_contact_editor_prefilled(
    qtbot, window, store, clock, tmp_path, add_contact, wait_idle
):
    ann = add_contact("Ann", "Lee", emails=("ann@example.org",))
    sid = _source(store, clock, tmp_path)
    stranger = ProposedPerson("zoe@example.org", "Zoe Quinn", None)
    _propose(store, clock, sid, _mail("m1", ann, "ann@example.org", extra=(stranger,)))
    view = _show(qtbot, window, wait_idle)
    last = view.tree.topLevelItem(view.tree.topLevelItemCount() - 1)
    assert last.text(0) == NEW_CONTACTS
    assert "on 1 item" in last.child(0).text(3)
    view.tree.setCurrentItem(last.child(0))
    assert view.accept_button.text() == "&Add contact…"
    with qtbot.waitSignal(window.editing.editor_opened) as opened:
        _key(qtbot, view, Qt.Key.Key_Return)
    editor = opened.args[0]
    draft = editor.draft() if hasattr(editor, "draft") else None
    if draft is not None:
        assert (draft.given_name, draft.family_name) == ("Zoe", "Quinn")
        assert [e.value for e in draft.emails] == ["zoe@example.org"]


def test_empty_states_say_what_capture_does_then_when_it_last_read(
    qtbot, window, store, clock, tmp_path, wait_idle
):
    view = _show(qtbot, window, wait_idle)
    assert view.stack.currentWidget() is view.empty
    assert "proposes" in view.empty.text.text()
    assert view.empty_add.isVisibleTo(view) and not view.empty_run.isVisibleTo(view)
    sid = _source(store, clock, tmp_path)
    with store.transaction() as session:
        session.get(CaptureSource, sid).last_run_at = clock.now()
    wait_idle()
    zone = window.tasks.ctx.zone
    expected = clock.now().astimezone(zone).strftime("%H:%M")
    assert view.empty.title.text() == f"Nothing waiting — last read {expected}"
    assert view.empty_run.isVisibleTo(view)


def test_sources_dialog_adds_a_source_and_run_now_names_what_went_wrong(
    qtbot, window, store, clock, tmp_path, wait_idle, monkeypatch
):
    from prm.core.capture import readers

    section = window.section(CAPTURE)
    view = _show(qtbot, window, wait_idle)
    with qtbot.waitSignal(section.dialog_opened) as opened:
        view.empty_add.click()
    dialog = opened.args[0]
    wait_idle()
    dialog.add()
    add = dialog.add_dialog
    add.kind.setCurrentIndex(add.kind.findData("imap"))
    assert add.password.isVisibleTo(add) and add.folders.isVisibleTo(add)
    add.kind.setCurrentIndex(add.kind.findData("ics"))
    assert not add.password.isVisibleTo(add)
    (tmp_path / "cal").mkdir()
    add.location.setText(str(tmp_path / "cal"))
    add.label.setText("Work calendar")
    asked = []
    monkeypatch.setattr(dialog, "ask_my_addresses", lambda: asked.append(True))
    add.accept()
    wait_idle()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 0).text() == "Work calendar"
    assert asked == [True]  # no addresses of mine yet: asked once, after adding

    # A reader that is not installed yet: the registry's own words, naming the source.
    monkeypatch.setitem(readers.READER_MODULES, "ics", ("prm.core.capture.not_there", "x"))
    with qtbot.waitSignal(section.dialog_opened) as opened:
        dialog.run_button.click()
    box = opened.args[0]
    wait_idle()
    assert isinstance(box, QMessageBox)
    assert "Work calendar: This version of PRM cannot read" in box.text()
    box.done(0)
    qtbot.waitUntil(lambda: dialog.table.item(0, 4).text().startswith("This version"))
    dialog.done(QDialog.DialogCode.Accepted)
    QApplication.processEvents()


def test_run_now_reads_with_progress_and_summarises(
    qtbot, window, store, clock, tmp_path, add_contact, wait_idle, monkeypatch
):
    from prm.core.capture import runner
    from prm.core.capture.observations import Checkpoint, MailMessage, Person, Progress

    add_contact("Ann", "Lee", emails=("ann@example.org",))
    _source(store, clock, tmp_path, label="Work mail")

    def reader_for(config, *, password, zone):
        def read(state, *, since):
            yield Progress(1, 2)
            yield MailMessage(
                "k1@x", clock_now() - timedelta(days=1), Person("ann@example.org", "Ann"),
                to=(Person("me@example.org"),), subject="Hello",
            )  # fmt: skip
            yield Checkpoint({"done": True})

        return read

    monkeypatch.setattr(runner, "open_reader", reader_for)
    monkeypatch.setattr(runner.run_source, "__kwdefaults__", {**runner.run_source.__kwdefaults__,
                        "reader_for": reader_for})  # fmt: skip
    view = _show(qtbot, window, wait_idle)
    with qtbot.waitSignal(window.section(CAPTURE).runner.finished, timeout=10_000):
        view.empty_run.click()
    wait_idle()
    assert "from Work mail" in window.statusBar().currentMessage()


def test_sources_read_before_are_read_again_quietly_on_schedule(
    qtbot, window, store, clock, tmp_path, add_contact, wait_idle, monkeypatch
):
    """New mail reaches the queue without Run now; a failing source says so in the
    status bar (no dialog); a source never read, or whose password is not kept, waits."""
    from prm.core.capture import runner
    from prm.core.capture.observations import Checkpoint, MailMessage, Person
    from prm.core.capture.source_config import SourceError

    add_contact("Ann", "Lee", emails=("ann@example.org",))
    read_before = _source(store, clock, tmp_path, label="Work mail")
    _source(store, clock, tmp_path, label="Old archive")  # never read: waits for Run now
    broken = _source(store, clock, tmp_path, label="Broken mail")
    with store.transaction() as session:
        for source_id in (read_before, broken):
            session.get(CaptureSource, source_id).last_run_at = clock_now() - timedelta(hours=1)
        sources.add_source(session, SourceConfig("imap", "mail.example.org", "ann"), clock=clock)
    asked: list[str] = []

    def reader_for(config, *, password, zone):
        asked.append(config.location)
        if "Broken" in config.location:
            raise SourceError("The mailbox file is gone.")

        def read(state, *, since):
            yield MailMessage(
                "k9@x", clock_now() - timedelta(hours=2), Person("ann@example.org", "Ann"),
                to=(Person("me@example.org"),), subject="New mail",
            )  # fmt: skip
            yield Checkpoint({"done": True})

        return read

    monkeypatch.setattr(runner.run_source, "__kwdefaults__", {**runner.run_source.__kwdefaults__,
                        "reader_for": reader_for})  # fmt: skip
    section = window.section(CAPTURE)
    with qtbot.waitSignal(section.runner.finished, timeout=10_000):
        section.run_scheduled()
    wait_idle()
    assert [a.rsplit("/", 1)[-1] for a in asked] == ["Work_mail", "Broken_mail"]
    assert [p.summary for p in _pending_views(store)] == ["New mail"]
    assert "Could not read Broken mail: The mailbox file is gone." in (
        window.statusBar().currentMessage()
    )
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
                and w.isVisible()]  # fmt: skip
    assert section.schedule.isActive()  # and again in half an hour


def _pending_views(store):
    with store.reading() as session:
        return [p for g in queue.list_proposals(session, zone=clock_now().tzinfo)
                for p in g.proposals]  # fmt: skip
