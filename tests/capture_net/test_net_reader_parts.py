"""Small rules of the network readers that have many inputs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from prm.core.capture.imap_reader import _uid_set, split_location
from prm.core.dav.xml import parse_multistatus


@given(st.sets(st.integers(1, 5000), min_size=1))
def test_a_uid_set_names_exactly_the_uids(uids):
    named = set()
    for part in _uid_set(sorted(uids)).split(","):
        low, _, high = part.partition(":")
        named.update(range(int(low), int(high or low) + 1))
    assert named == uids


def test_imap_locations():
    assert split_location("mail.example.org") == ("mail.example.org", 993)
    assert split_location("mail.example.org:143") == ("mail.example.org", 143)
    assert split_location("imaps://mail.example.org/") == ("mail.example.org", 993)
    assert split_location("[::1]:1143") == ("::1", 1143)


def test_a_deleted_object_in_a_sync_answer_is_told_apart():
    answer = b"""<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">
      <d:response><d:href>/c/a.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag>
      </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>
      <d:response><d:href>/c/b.ics</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>
      <d:sync-token>http://x/sync/7</d:sync-token></d:multistatus>"""
    found = parse_multistatus(answer)
    assert [(r.href, r.status) for r in found.responses] == [("/c/a.ics", 200), ("/c/b.ics", 404)]
    assert found.sync_token == "http://x/sync/7"
