"""Mail kept in files: .eml, mbox (streamed, resumable) and Maildir."""

from __future__ import annotations

import mailbox
import os
import tempfile
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prm.core.capture.mail_files import EmlReader, MaildirReader, MboxReader
from prm.core.capture.observations import Checkpoint, MailMessage, Progress, ReadProblem
from prm.core.capture.source_config import SourceError

SINCE = datetime(2020, 1, 1, tzinfo=UTC)


def headers(n: int, *, sender="ann@example.com", day=5, extra="") -> str:
    return (
        f"From: Ann <{sender}>\nTo: me@example.com\nSubject: note {n}\n"
        f"Date: Tue, {day:02d} Mar 2024 09:30:00 +0000\nMessage-ID: <m{n}@example.com>\n{extra}"
    )


def mbox_entry(n: int, body: str = "Hello\n", **kw) -> str:
    return f"From ann@example.com Tue Mar  5 09:30:00 2024\n{headers(n, **kw)}\n{body}\n"


def run(reader, state=None, since=SINCE):
    items = list(reader(state or {}, since=since))
    messages = [i for i in items if isinstance(i, MailMessage)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    checkpoints = [i for i in items if isinstance(i, Checkpoint)]
    return messages, problems, checkpoints[-1].state, items


# --- mbox -------------------------------------------------------------------


def test_mbox_from_lines_in_bodies_do_not_split_messages(tmp_path):
    body = (
        "Dear Ann,\n>From the start I said so.\nFrom here on, things change.\n\n"
        "From what I hear, fine.\n"
    )
    path = tmp_path / "Archive.mbox"
    path.write_text(mbox_entry(1, body) + mbox_entry(2) + mbox_entry(3, "bye"))
    messages, problems, state, items = run(MboxReader(path))
    assert [m.key for m in messages] == ["m1@example.com", "m2@example.com", "m3@example.com"]
    assert not problems and messages[0].folder == "Archive"
    assert state["offset"] == path.stat().st_size
    progress = [i for i in items if isinstance(i, Progress)]
    assert progress[-1] == Progress(path.stat().st_size, path.stat().st_size)


def test_mbox_truncated_last_message_is_reported_and_read_again_when_complete(tmp_path):
    path = tmp_path / "in.mbox"
    whole = mbox_entry(1) + mbox_entry(2)
    path.write_text(whole + "From x Tue Mar  5 09:30:00 2024\nFrom: b@example.com\nSubj")
    messages, problems, state, _ = run(MboxReader(path))
    assert [m.key for m in messages] == ["m1@example.com", "m2@example.com"]
    assert len(problems) == 1 and "cut off" in problems[0].message
    assert problems[0].where == f"in.mbox, byte {len(whole)}"
    assert state["offset"] == len(whole)
    path.write_text(whole + mbox_entry(3))  # the mail client finished writing it
    messages, problems, _, _ = run(MboxReader(path), state)
    assert [m.key for m in messages] == ["m3@example.com"] and not problems


def test_mbox_resumes_from_its_last_checkpoint(tmp_path):
    path = tmp_path / "big.mbox"
    path.write_text("".join(mbox_entry(n) for n in range(10)))
    stop = {"after": 0}

    def cancelled():
        stop["after"] += 1
        return stop["after"] > 4

    messages, _, state, _ = run(MboxReader(path, cancelled=cancelled, batch=3))
    # Asked after each message: the fifth is the last one read, and saved.
    assert [m.key for m in messages] == [f"m{n}@example.com" for n in range(5)]
    rest, _, state, _ = run(MboxReader(path), state)
    assert [m.key for m in rest] == [f"m{n}@example.com" for n in range(5, 10)]
    again, _, _, _ = run(MboxReader(path), state)
    assert again == []  # unchanged: nothing read


def test_mbox_checkpoints_every_batch_point_at_a_message_start(tmp_path):
    path = tmp_path / "a.mbox"
    path.write_text("".join(mbox_entry(n) for n in range(7)))
    _, _, _, items = run(MboxReader(path, batch=2))
    offsets = [i.state["offset"] for i in items if isinstance(i, Checkpoint)]
    data = path.read_bytes()
    assert len(offsets) == 4 and offsets[-1] == len(data)
    for offset in offsets[:-1]:
        assert data[offset:].startswith(b"From ann@example.com")
        resumed, _, _, _ = run(MboxReader(path), {"offset": offset})
        assert len(resumed) == 7 - offsets.index(offset) * 2 - 2


def test_an_appended_mbox_is_read_from_its_old_end(tmp_path):
    path = tmp_path / "a.mbox"
    path.write_text(mbox_entry(1) + mbox_entry(2))
    _, _, state, _ = run(MboxReader(path))
    with path.open("a") as f:
        f.write(mbox_entry(3))
    os.utime(path, (1, 2_000_000_000))
    messages, _, state, _ = run(MboxReader(path), state)
    assert [m.key for m in messages] == ["m3@example.com"]
    # A compacted (shorter) mailbox is read again from the start.
    path.write_text(mbox_entry(9))
    messages, _, _, _ = run(MboxReader(path), state)
    assert [m.key for m in messages] == ["m9@example.com"]


def test_mbox_old_mail_is_skipped_and_garbage_is_one_problem(tmp_path):
    path = tmp_path / "a.mbox"
    path.write_text(mbox_entry(1, day=1) + mbox_entry(2, day=9))
    messages, _, _, _ = run(MboxReader(path), since=datetime(2024, 3, 5, tzinfo=UTC))
    assert [m.key for m in messages] == ["m2@example.com"]
    junk = tmp_path / "junk.mbox"
    junk.write_bytes(b"\x00\x01binary\xff" * 100)
    messages, problems, _, _ = run(MboxReader(junk))
    assert messages == [] and "no messages" in problems[0].message


def test_a_missing_mbox_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="not found"):
        list(MboxReader(tmp_path / "nope.mbox")({}, since=SINCE))


# --- .eml -------------------------------------------------------------------


def test_eml_folder_reads_each_file_once(tmp_path):
    (tmp_path / "2024").mkdir()
    (tmp_path / "2024" / "a.eml").write_text(headers(1) + "\nbody\n")
    (tmp_path / "b.EML").write_bytes(b"\x00\xff\xfe garbage")
    (tmp_path / "notes.txt").write_text("not mail")
    messages, problems, state, _ = run(EmlReader(tmp_path))
    assert [(m.key, m.folder) for m in messages] == [("m1@example.com", "2024")]
    assert [p.where for p in problems] == ["b.EML"]
    assert sorted(state["read"]) == ["2024/a.eml", "b.EML"]
    (tmp_path / "c.eml").write_text(headers(3))
    messages, _, _, _ = run(EmlReader(tmp_path), state)
    assert [m.key for m in messages] == ["m3@example.com"]


def test_a_single_eml_without_date_takes_the_files_time(tmp_path):
    path = tmp_path / "one.eml"
    path.write_text("From: a@example.com\nSubject: undated\n\nbody")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    (message,), _, _, _ = run(EmlReader(path))
    assert message.sent_at == datetime.fromtimestamp(1_700_000_000, UTC)


# --- Maildir ----------------------------------------------------------------


def test_maildir_new_and_cur_and_a_moved_message_is_not_read_twice(tmp_path):
    for part in ("new", "cur", "tmp"):
        (tmp_path / part).mkdir()
    (tmp_path / "new" / "1700.1.host").write_text(headers(1) + "\nbody")
    (tmp_path / "cur" / "1699.2.host:2,S").write_text(headers(2, extra="List-Id: <l>\n") + "\nb")
    (tmp_path / "tmp" / "1701.3.host").write_text(headers(3))  # still being delivered
    (tmp_path / ".Sent" / "cur").mkdir(parents=True)
    (tmp_path / ".Sent" / "cur" / "1698.4.host:2,S").write_text(headers(4, sender="me@example.com"))
    messages, _, state, _ = run(MaildirReader(tmp_path))
    assert sorted((m.key, m.folder, m.bulk) for m in messages) == [
        ("m1@example.com", "INBOX", False),
        ("m2@example.com", "INBOX", True),
        ("m4@example.com", "Sent", False),
    ]
    # The client reads message 1: it moves to cur/ with flags. Not read again.
    (tmp_path / "new" / "1700.1.host").rename(tmp_path / "cur" / "1700.1.host:2,S")
    (tmp_path / "new" / "1702.5.host").write_text(headers(5))
    messages, _, _, _ = run(MaildirReader(tmp_path), state)
    assert [m.key for m in messages] == ["m5@example.com"]


def test_maildir_reads_only_the_header_block(tmp_path, monkeypatch):
    (tmp_path / "cur").mkdir()
    path = tmp_path / "cur" / "1.big:2,"
    path.write_bytes((headers(1) + "\n").encode() + b"x" * 5_000_000)
    (message,), _, _, _ = run(MaildirReader(tmp_path))
    assert message.key == "m1@example.com"


def test_not_a_maildir_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="Maildir"):
        list(MaildirReader(tmp_path)({}, since=SINCE))


body_lines = st.lists(
    st.one_of(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=40
        ),
        st.just(""),
        st.just("From someone Tue Mar  5 09:30:00 2024"),
        st.sampled_from(["From here on", ">From the start", "From: not@a.header"]),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(bodies=st.lists(body_lines, min_size=1, max_size=6))
def test_any_bodies_written_by_the_mailbox_module_read_back_message_by_message(bodies):
    with tempfile.TemporaryDirectory() as folder:
        _written_and_read(Path(folder) / "h.mbox", bodies)


def _written_and_read(path: Path, bodies: list[list[str]]) -> None:
    box = mailbox.mbox(path)
    for n, lines in enumerate(bodies):
        message = EmailMessage()
        message["From"] = "ann@example.com"
        message["Date"] = "Tue, 05 Mar 2024 09:30:00 +0000"
        message["Message-ID"] = f"<m{n}@example.com>"
        message.set_content("\n".join(lines) + "\n")
        box.add(message)
    box.close()
    messages, problems, state, _ = run(MboxReader(path))
    assert [m.key for m in messages] == [f"m{n}@example.com" for n in range(len(bodies))]
    assert problems == [] and state["offset"] == path.stat().st_size


def test_the_registry_factory_opens_each_kind(tmp_path):
    from prm.core.capture import ics_reader, mail_files
    from prm.core.capture.source_config import SourceConfig

    def opened(kind, module=mail_files):
        return module.open_reader(SourceConfig(kind, str(tmp_path)), password=None, zone=UTC)

    assert isinstance(opened("eml"), EmlReader)
    assert isinstance(opened("mbox"), MboxReader)
    assert isinstance(opened("maildir"), MaildirReader)
    assert isinstance(opened("ics", ics_reader), ics_reader.IcsReader)
    with pytest.raises(SourceError):
        opened("imap")


def test_mbox_without_blank_lines_between_messages_still_splits(tmp_path):
    path = tmp_path / "tight.mbox"
    text = "".join(mbox_entry(n) for n in range(3)).replace("\n\nFrom ann", "\nFrom ann")
    path.write_text(text)
    messages, problems, _, _ = run(MboxReader(path))
    assert [m.key for m in messages] == [f"m{n}@example.com" for n in range(3)] and not problems


def test_a_rewritten_mbox_is_read_from_the_start_not_from_a_stale_offset(tmp_path):
    path = tmp_path / "a.mbox"
    path.write_text(mbox_entry(1) + mbox_entry(2))
    _, _, state, _ = run(MboxReader(path))
    # Compacted and then grown past the old end: the old offset is mid-message.
    path.write_text(mbox_entry(3, body="x" * 40 + "\n") + mbox_entry(4) + mbox_entry(5))
    messages, _, _, _ = run(MboxReader(path), state)
    assert [m.key for m in messages] == ["m3@example.com", "m4@example.com", "m5@example.com"]
