"""Property: contacts -> export (3.0 and 4.0) -> read -> the same contacts.

Generated drafts carry what breaks naive vCard code: commas, semicolons,
backslashes, colons and newlines in every text, non-Latin scripts, labels of
every kind, year-less birthdays on 29 February, photos and tags.
"""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prm.core.contacts import create_contact, draft_from_contact, get_contact
from prm.core.drafts import AddressDraft, ContactDraft, LabeledValue
from prm.core.vcard.card import ParsedCard, carried
from prm.core.vcard.read import read_vcards
from prm.core.vcard.write import export_vcards
from prm.core.vocab import ADDRESS_LABELS, EMAIL_LABELS, PHONE_LABELS, URL_LABELS

TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(",;:\\\n\"'"), max_size=24
)
WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
# Latin letters beyond ASCII too: "Équipe" on two contacts is one tag.
TAGS = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x17F, blacklist_characters=","), max_size=12
)
CUSTOM = st.sampled_from(["Assistant", "Lab", "Studio", "Ferienhaus"])


def labels(vocab: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(["", *vocab]) | CUSTOM


EMAILS = st.builds(
    lambda a, b, tld: f"{a}@{b}.{tld}", WORD, WORD, st.sampled_from(["com", "org", "de"])
)
PHONES = st.builds(lambda cc, n: f"+{cc} {n}", st.integers(1, 99), st.integers(1000000, 99999999))
URLS = st.builds(lambda host, path: f"https://{host}.example/{path}", WORD, WORD)
DATES = st.one_of(
    st.just(""),
    st.dates(date(1800, 1, 1), date(2200, 12, 31)).map(date.isoformat),
    st.dates(date(2000, 1, 1), date(2000, 12, 31)).map(lambda d: f"--{d.month:02d}-{d.day:02d}"),
)
# A birthday with a year is never after today (anniversaries may be planned ahead).
BIRTHDAYS = st.one_of(
    st.just(""),
    st.dates(date(1800, 1, 1), date(2020, 12, 31)).map(date.isoformat),
    st.dates(date(2000, 1, 1), date(2000, 12, 31)).map(lambda d: f"--{d.month:02d}-{d.day:02d}"),
)
PHOTOS = st.one_of(
    st.none(),
    st.tuples(
        st.sampled_from(
            [
                (b"\xff\xd8\xff\xe0", "image/jpeg"),
                (b"\x89PNG\r\n\x1a\n", "image/png"),
                (b"GIF89a", "image/gif"),
            ]
        ),
        st.binary(max_size=300),
    ),
)


@st.composite
def drafts(draw) -> ContactDraft:
    photo = draw(PHOTOS)
    return ContactDraft(
        prefix=draw(TEXT),
        given_name=draw(TEXT.filter(str.strip)),
        middle_name=draw(TEXT),
        family_name=draw(TEXT),
        suffix=draw(TEXT),
        nickname=draw(TEXT),
        organization=draw(TEXT),
        department=draw(TEXT),
        title=draw(TEXT),
        birthday=draw(BIRTHDAYS),
        anniversary=draw(DATES),
        notes=draw(TEXT),
        emails=draw(
            st.lists(
                st.builds(LabeledValue, EMAILS, labels(EMAIL_LABELS), st.booleans()), max_size=3
            )
        ),
        phones=draw(
            st.lists(
                st.builds(LabeledValue, PHONES, labels([*PHONE_LABELS, "pager"]), st.booleans()),
                max_size=3,
            )
        ),
        urls=draw(
            st.lists(st.builds(LabeledValue, URLS, labels(URL_LABELS), st.booleans()), max_size=3)
        ),
        addresses=draw(
            st.lists(
                st.builds(
                    AddressDraft,
                    labels(ADDRESS_LABELS),
                    TEXT,
                    TEXT,
                    TEXT,
                    TEXT,
                    TEXT,
                    st.booleans(),
                ),
                max_size=2,
            )
        ),
        tags=draw(st.lists(TAGS, max_size=3)),
        photo=photo[0][0] + photo[1] if photo else None,
        photo_mime=photo[0][1] if photo else "",
    )


def exported_and_read(session, contact_id: int, version: str, tmp_path, clock) -> ParsedCard:
    out = tmp_path / f"roundtrip-{version}.vcf"
    export_vcards(
        session, out=out, version=version, contact_ids=[contact_id], include_notes=True, clock=clock
    )
    [card] = list(read_vcards(out.read_bytes()))
    assert isinstance(card, ParsedCard), card
    return card


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(draft=drafts())
def test_export_then_import_gives_back_the_same_contact(draft, store, clock, tmp_path):
    with store.transaction() as session:
        contact = create_contact(session, draft=draft, clock=clock, allow_duplicate=True)
        stored = draft_from_contact(get_contact(session, contact_id=contact.id))
        uid = contact.uid
        for version in ("3.0", "4.0"):
            card = exported_and_read(session, contact.id, version, tmp_path, clock)
            assert carried(card.draft.cleaned()) == carried(stored), version
            assert card.uid == uid and card.extra_lines == []
