"""Which PRM field each CSV column holds, recognised by its header.

Headers are compared normalised (case, accents, punctuation and numbers
aside), first as whole phrases in the languages Outlook exports in (English,
German, French, Spanish, Italian, Dutch and a few more), then by keywords:
a header naming an email, a phone or a part of an address becomes one, with
the label its other words give ("Business Fax" -> a work... fax; "Ville
(domicile)" -> the city of the home address). A column nobody recognises is
ignored, and the user can map any column by hand (the preview, ``--map``).

A mapping is a list of field keys, one per column: "given_name", "email.work",
"street.home", "phone_label" (Google's "Phone 1 - Type": the label of the
phone with the same number), "ignore"...
"""

from __future__ import annotations

import re

from prm.core.text_fold import words
from prm.core.vocab import EMAIL_LABELS, PHONE_LABELS

IGNORE = "ignore"
ADDRESS_PARTS = {
    "street": "street",
    "locality": "city",
    "region": "region",
    "postal_code": "postal code",
    "country": "country",
    "address": "whole address",
}
ADDRESS_LABELS = ["work", "home", "other"]
URL_KEYS = {"url": "Web address", "url.linkedin": "LinkedIn profile"}

_SCALARS = {
    "name": "Full name",
    "prefix": "Name prefix",
    "given_name": "First name",
    "middle_name": "Middle name",
    "family_name": "Last name",
    "suffix": "Name suffix",
    "nickname": "Nickname",
    "organization": "Organization",
    "department": "Department",
    "title": "Job title",
    "birthday": "Birthday",
    "anniversary": "Anniversary",
    "notes": "Notes",
    "tags": "Tags",
    "how_we_met": "How we met",
    "connected_on": "Connected on LinkedIn (date)",
}


def _fields() -> dict[str, str]:
    out = {IGNORE: "(ignore)", **_SCALARS}
    out["email"] = "Email"
    out.update({f"email.{label}": f"Email ({label})" for label in EMAIL_LABELS})
    out["email_label"] = "Email label (same number)"
    out["phone"] = "Phone"
    out.update({f"phone.{label}": f"Phone ({label})" for label in PHONE_LABELS})
    out["phone_label"] = "Phone label (same number)"
    out.update(URL_KEYS)
    out["url_label"] = "Web address label (same number)"
    for part, name in ADDRESS_PARTS.items():
        out[part] = f"Address: {name}"
        out.update(
            {f"{part}.{label}": f"{label.title()} address: {name}" for label in ADDRESS_LABELS}
        )
    out["address_label"] = "Address label (same number)"
    return out


# Every key a column can map to, with the name the preview and --map's help show.
FIELDS: dict[str, str] = _fields()


def normalise(header: str) -> str:
    """``"E-mail 1 - Value"`` -> ``"e mail 1 value"``; ``"Straße (geschäftlich)"`` -> ``"strasse geschaftlich"``."""
    return " ".join(words(header))


def _phrases(table: dict[str, str]) -> dict[str, str]:
    return {normalise(p): key for key, phrases in table.items() for p in phrases.split("|")}


# Whole headers (numbers left out), per field. French "Anniversaire" is a birthday.
PHRASES = _phrases(
    {
        "given_name": "first name|first|given name|firstname|forename|vorname|prénom|nombre|nome|"
        "voornaam|imię|fornavn|förnamn|etunimi|keresztnév|имя|jméno|primeiro nome",
        "middle_name": "middle name|additional name|middle|weitere vornamen|zweiter vorname|"
        "deuxième prénom|segundo nombre|secondo nome|tussenvoegsel|отчество|nome do meio",
        "family_name": "last name|last|family name|surname|lastname|nachname|nom|nom de famille|"
        "apellidos|apellido|cognome|achternaam|nazwisko|efternamn|etternavn|sukunimi|vezetéknév|"
        "фамилия|příjmení|sobrenome",
        "prefix": "name prefix|prefix|anrede|titre|tratamiento|titolo|aanhef|salutation",
        "suffix": "name suffix|suffix|suffixe|sufijo|suffisso|achtervoegsel|namenszusatz",
        "nickname": "nickname|nick name|spitzname|surnom|apodo|soprannome|bijnaam",
        "name": "name|full name|display name|fullname|formatted name|anzeigename|nom complet|"
        "nombre completo|nome completo|volledige naam",
        "organization": "company|organization|organisation|organization name|company name|"
        "firma|firmenname|société|entreprise|empresa|compañía|organización|società|azienda|"
        "bedrijf|organisatie|organizace|empresa",
        "department": "department|organization department|abteilung|service|departamento|"
        "reparto|afdeling|oddělení",
        "title": "job title|organization title|position|jobtitle|role|job|occupation|fonction|"
        "poste|puesto|cargo|qualifica|posizione|functie|funktion|berufsbezeichnung",
        "birthday": "birthday|birth date|date of birth|birthdate|dob|geburtstag|geburtsdatum|"
        "date de naissance|anniversaire|cumpleaños|fecha de nacimiento|compleanno|"
        "data di nascita|verjaardag|geboortedatum|aniversário|data de nascimento",
        "anniversary": "anniversary|wedding anniversary|jahrestag|hochzeitstag|aniversario|"
        "anniversario|jubileum|anniversaire de mariage",
        "notes": "notes|note|notizen|notiz|notas|nota|opmerkingen|comments|comment|bemerkungen",
        "tags": "labels|group membership|groups|group|categories|category|kategorien|"
        "catégories|categorías|categorie|categorieën|tags",
        "how_we_met": "how we met|how we met notes",
        "connected_on": "connected on|connected|connection date|connected at",
        "url": "web page|webpage|website|web site|url|homepage|home page|webseite|page web|"
        "site web|página web|sitio web|pagina web|sito web|personal web page|website value",
        "url.linkedin": "linkedin|linkedin url|linkedin profile|profile url",
    }
)

_EMAIL = {"email", "mail", "courriel", "correo", "messagerie", "epost", "emailadresse"}
_PHONE = {
    "phone", "telephone", "telefon", "tel", "telefono", "telefone", "mobile", "mobil",
    "mobiltelefon", "handy", "cell", "cellular", "iphone", "fax", "telecopie", "pager", "movil",
    "cellulare", "telefoon", "mobiel", "gsm", "portable", "callback", "isdn", "telex", "tty",
}  # fmt: skip
_ADDRESS = {  # checked in this order: "Country/Region" is a country
    "country": {"country", "land", "pays", "pais", "paese"},
    "postal_code": {"zip", "postal", "postcode", "postleitzahl", "plz", "cap", "zipcode"},
    "locality": {"city", "ort", "ville", "ciudad", "citta", "plaats", "stadt", "locality", "town"},
    "region": {"state", "region", "province", "bundesland", "provincia", "county", "provincie"},
    "street": {"street", "strasse", "rue", "calle", "via", "straat", "box", "extended", "pobox"},
    "address": {"address", "adresse", "direccion", "indirizzo", "adres", "formatted"},
}
LABEL_WORDS = {  # a label word in a header; first match wins
    "fax": {"fax", "telecopie"},
    "mobile": {"mobile", "cell", "cellular", "iphone", "handy", "mobil", "mobiltelefon", "movil",
               "portable", "cellulare", "mobiel", "gsm"},
    "main": {"main", "primary", "hauptnummer", "principal"},
    "work": {"business", "work", "office", "geschaftlich", "bureau", "travail", "trabajo",
             "lavoro", "werk", "zakelijk", "firma", "company", "dienstlich", "pro"},
    "home": {"home", "private", "personal", "privat", "domicile", "personnel", "particular",
             "casa", "thuis", "prive", "personnelle"},
    "other": {"other", "weitere", "andere", "autre", "otro", "altro", "overig", "pager",
              "callback", "isdn", "telex", "tty", "car", "radio", "assistant", "assistants"},
}  # fmt: skip
_LABEL_WORDS = {"label", "type", "typ"}
# Never a contact field, even if a keyword says so: phonetic names, Outlook's
# "E-mail Type" (SMTP) and display name, Google's events, relations and IM.
_NEVER = {
    "phonetic",
    "yomi",
    "display",
    "angezeigter",
    "affichage",
    "event",
    "relation",
    "im",
    "custom",
    "file",
    "initials",
}


def guess_mapping(header: list[str]) -> list[str]:
    """The field key of each column (``IGNORE`` when not recognised)."""
    keys = [_guess(cell) for cell in header]
    if "title" in keys and "prefix" not in keys:
        # Outlook's "Title" is Mr./Dr. beside its "Job Title"; elsewhere "Title" is the job.
        titles = [i for i, cell in enumerate(header) if normalise(cell) == "title"]
        if len(titles) < keys.count("title"):
            for i in titles:
                keys[i] = "prefix"
    return keys


def recognised(mapping: list[str]) -> int:
    return sum(key != IGNORE for key in mapping)


def number_of(header: str) -> str:
    """The number a header carries ("E-mail 2 - Value" -> "2"): ties a value to its label."""
    found = re.search(r"\d+", header)
    return found.group() if found else ""


def _guess(cell: str) -> str:
    if not cell.strip() or len(cell) > 60:  # a sentence is a note above the header, not a header
        return IGNORE
    text = normalise(cell)
    words = [w for w in text.split() if not w.isdigit()]
    phrase = " ".join(words)
    if phrase == "title":
        return "title"
    if phrase in PHRASES:
        return PHRASES[phrase]
    tokens = set(words)
    if tokens & _NEVER:
        return IGNORE
    # "E-mail" -> "e mail"; German "E-Mail-Adresse"
    is_email = bool(tokens & _EMAIL) or "e mail" in text or "emailadresse" in phrase
    is_label = bool(tokens & _LABEL_WORDS) and " - " in cell
    if is_email:
        if tokens & {"type", "typ"} and not is_label:  # Outlook: "SMTP"
            return IGNORE
        return "email_label" if is_label else _labelled("email", tokens, EMAIL_LABELS)
    if tokens & _PHONE or (
        tokens & {"number", "nummer", "numero"} and tokens & LABEL_WORDS["mobile"]
    ):
        return "phone_label" if is_label else _labelled("phone", tokens, PHONE_LABELS)
    if tokens & {"website", "web", "url", "homepage", "webseite", "site"}:
        return "url_label" if is_label else "url"
    for part, names in _ADDRESS.items():
        if tokens & names:
            if is_label or (part == "address" and tokens & _LABEL_WORDS):
                return "address_label"
            return _labelled(part, tokens, ADDRESS_LABELS)
    return IGNORE


def _labelled(kind: str, tokens: set[str], allowed: list[str]) -> str:
    for label, names in LABEL_WORDS.items():
        if tokens & names and label in allowed:
            return f"{kind}.{label}"
    return kind
