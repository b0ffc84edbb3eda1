"""Issue 14, writing side: lines kept from other address books go out in the
target version's grammar, so vobject and ical.js (Thunderbird, Nextcloud) read
every export; what a version cannot carry is named in the export summary."""

from __future__ import annotations

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vcard_readers import assert_both_read
from vcard_trip import card_text, export_text, import_bytes, read_one, unfold

from prm.core.contacts import create_contact
from prm.core.drafts import ContactDraft, LabeledValue
from prm.core.models import ContactVCardProperty
from prm.core.vcard.convert import convert_line
from prm.core.vcard.read import read_vcards
from prm.core.vcard.write import export_vcards

KEY = base64.b64encode(b"-----BEGIN PGP PUBLIC KEY BLOCK-----\x00\x01\x02").decode()
OUTLOOK_21 = f"""
N:Moreau;Élodie;;;
FN:Élodie Moreau
IMPP;HOME;PREF:xmpp:elodie@jabber.example
LABEL;WORK;PREF:
BDAY:17 juillet
TZ:GMT+1
KEY;ENCODING=BASE64;TYPE=PGP:{KEY}
MAILER:Microsoft Outlook 16.0
X-MS-OL-DESIGN;CHARSET=utf-8:<card xmlns="http://schemas.microsoft.com/office/outlook/12/electronicbusinesscards"/>
"""
NEXTCLOUD_40 = """
N:Haddad;Karim;;;
FN:Karim Haddad
KIND:individual
GENDER:M
ANNIVERSARY;VALUE=text:spring 2011
GEO:geo:48.8566,2.3522
RELATED;TYPE=spouse;VALUE=text:Lina Haddad
CLIENTPIDMAP:1;urn:uuid:3df403f4-5924-4bb7-b077-3c711d9eb34b
"""


def lines_of(text: str) -> list[str]:
    return unfold(text).split("\r\n")


@pytest.mark.parametrize("target", ["3.0", "4.0"])
def test_a_2_1_outlook_card_goes_out_in_the_target_grammar(target, store, clock, tmp_path):
    import_bytes(store, clock, card_text(OUTLOOK_21, "2.1"))
    raw, left_out = export_text(store, clock, tmp_path, target)
    lines = lines_of(raw)
    assert not any(line.startswith("LABEL") for line in lines)  # empty: dropped
    assert not any(";HOME;" in line or ";PREF:" in line for line in lines)  # no bare types
    if target == "3.0":
        assert "IMPP;TYPE=HOME,PREF:xmpp:elodie@jabber.example" in lines
        assert "X-PRM-TEXT-BDAY:17 juillet" in lines  # 3.0 has no text dates
        assert "TZ;VALUE=utc-offset:+01:00" in lines
        assert f"KEY;TYPE=PGP;ENCODING=b:{KEY}" in lines
        assert "MAILER:Microsoft Outlook 16.0" in lines and left_out == []
    else:
        assert "IMPP;TYPE=home;PREF=1:xmpp:elodie@jabber.example" in lines
        assert "BDAY;VALUE=text:17 juillet" in lines
        assert "TZ;VALUE=utc-offset:+0100" in lines
        assert f"KEY:data:application/pgp-keys;base64,{KEY}" in lines
        assert not any("ENCODING" in line for line in lines)
        assert not any(line.startswith("MAILER") for line in lines)
        assert left_out == [
            "Élodie Moreau: “MAILER:Microsoft Outlook 16.0” left out: vCard 4.0 has no MAILER"
        ]
    assert not any("CHARSET" in line for line in lines)
    assert_both_read([tmp_path / f"out-{target}.vcf"])
    assert read_one(raw).draft.given_name == "Élodie"


def test_a_text_birthday_comes_back_as_a_4_0_text_date_after_a_3_0_trip(store, clock, tmp_path):
    import_bytes(store, clock, card_text(OUTLOOK_21, "2.1"))
    raw3, _ = export_text(store, clock, tmp_path, "3.0")
    assert convert_line("X-PRM-TEXT-BDAY:17 juillet", "4.0")[0] == "BDAY;VALUE=text:17 juillet"
    assert "X-PRM-TEXT-BDAY:17 juillet" in read_one(raw3).extra_lines


@pytest.mark.parametrize("target", ["3.0", "4.0"])
def test_4_0_only_properties_are_mapped_or_left_out_in_3_0(target, store, clock, tmp_path):
    import_bytes(store, clock, card_text(NEXTCLOUD_40, "4.0"))
    raw, left_out = export_text(store, clock, tmp_path, target)
    lines = lines_of(raw)
    if target == "3.0":
        assert "X-GENDER:M" in lines
        assert "X-PRM-TEXT-ANNIVERSARY:spring 2011" in lines or (
            "X-ANNIVERSARY;VALUE=text:spring 2011" in lines
        )
        assert "X-RELATED;TYPE=SPOUSE;VALUE=text:Lina Haddad" in lines
        assert "GEO:48.8566;2.3522" in lines
        assert not any(line.startswith(("KIND", "CLIENTPIDMAP")) for line in lines)
        assert len(left_out) == 2 and all("vCard 3.0 has no" in n for n in left_out)
    else:
        assert "GENDER:M" in lines and "GEO:geo:48.8566,2.3522" in lines
        assert left_out == []


def test_urls_are_not_escaped_as_text(store, clock, tmp_path):
    url = "https://maps.example/search?q=caf%C3%A9,paris;lang=fr"
    with store.transaction() as session:
        create_contact(
            session,
            clock=clock,
            draft=ContactDraft(given_name="Inès", urls=[LabeledValue(url, "website")]),
        )
    for target in ("3.0", "4.0"):
        raw, _ = export_text(store, clock, tmp_path, target)
        assert any(line.endswith(f"URL:{url}") for line in lines_of(raw))
        assert "\\," not in raw and "\\;" not in raw
        assert read_one(raw).draft.urls[0].value == url


def test_the_cli_names_what_was_left_out(tmp_path, capsys):
    from prm.cli.main import main
    from prm.core.secrets import MemorySecretStore

    secrets, data = MemorySecretStore(), str(tmp_path / "data")
    source = tmp_path / "outlook.vcf"
    source.write_bytes(card_text(OUTLOOK_21, "2.1"))
    assert main(["--data-dir", data, "import", str(source)], secrets=secrets) == 0
    capsys.readouterr()
    out = tmp_path / "four.vcf"
    code = main(["--data-dir", data, "export", str(out), "--vcard-version", "4.0"], secrets=secrets)
    printed = capsys.readouterr().out
    assert code == 0
    assert "Left out (vCard 4.0 cannot carry them):" in printed
    assert "MAILER:Microsoft Outlook 16.0" in printed
    assert_both_read([out])


# --- property: any contact with odd kept lines exports readably ----------------------

VALUE = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n"), max_size=20
)
NAMES = st.sampled_from(
    ["TEL", "LABEL", "BDAY", "ANNIVERSARY", "TZ", "GEO", "IMPP", "KIND", "GENDER", "MAILER",
     "NAME", "CLASS", "SORT-STRING", "RELATED", "DEATHDATE", "X-CUSTOM", "X-MS-IMADDRESS",
     "X-ABDATE", "NOTE", "ROLE", "SOURCE", "KEY", "LOGO", "SOUND", "LANG", "AGENT"]
)  # fmt: skip
PARAMS = st.lists(
    st.sampled_from(
        ["HOME", "WORK", "PREF", "VOICE", "TYPE=cell", "VALUE=date", "VALUE=text", "VALUE=uri",
         "VALUE=integer", "VALUE=utc-offset", "ENCODING=BASE64", "ENCODING=b", "CHARSET=UTF-8",
         "QUOTED-PRINTABLE", "X-SERVICE-TYPE=Skype", "", "LANGUAGE=fr", "PREF=1"]
    ),
    max_size=3,
)  # fmt: skip
DATES = st.sampled_from(
    ["17 juillet", "1980-07-17", "19800717", "--0717", "1604-07-17", "GMT+1", "UTC-05:30",
     "+0200", "Europe/Paris", "geo:1.5,2.5", "1.5;2.5", "", "0", "circa 1800"]
)  # fmt: skip


@st.composite
def odd_lines(draw) -> str:
    name = draw(NAMES)
    params = draw(PARAMS)
    if any("BASE64" in p or p == "ENCODING=b" for p in params):
        value = base64.b64encode(draw(VALUE).encode()).decode()
    else:
        value = draw(DATES | VALUE)
    group = draw(st.sampled_from(["", "item1.", "x-g."]))
    return f"{group}{name}{''.join(';' + p for p in params)}:{value}"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    given_name=st.text(
        st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12
    ).filter(str.strip),
    extra=st.lists(odd_lines(), max_size=6),
)
def test_any_contact_with_odd_kept_lines_exports_readably(
    given_name, extra, store, clock, tmp_path
):
    with store.transaction() as session:
        contact = create_contact(
            session, clock=clock, draft=ContactDraft(given_name=given_name), allow_duplicate=True
        )
        for i, line in enumerate(extra):
            session.add(
                ContactVCardProperty(contact_id=contact.id, position=i, name="X", line=line)
            )
        session.flush()
        for target in ("3.0", "4.0"):
            out = tmp_path / f"odd-{target}.vcf"
            export_vcards(session, out=out, version=target, contact_ids=[contact.id], clock=clock)
            assert_both_read([out])
            [card] = list(read_vcards(out.read_bytes()))
            assert card.draft.given_name.strip() == given_name.strip()
        session.rollback()
