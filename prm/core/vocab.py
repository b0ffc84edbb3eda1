"""Fixed vocabularies shared by the editor, the CLI and (later) vCard mapping."""

from __future__ import annotations

# How a contact likes to be reached; also the channels a touch can use.
CHANNELS: dict[str, str] = {
    "email": "Email",
    "call": "Phone call",
    "text": "Text message",
    "video": "Video call",
    "in_person": "In person",
    "social": "Social media",
    "letter": "Letter",
}

# Every way a touch can happen (a superset of the channels people prefer).
TOUCH_CHANNELS: dict[str, str] = {
    "email": "Email",
    "call": "Call",
    "voicemail": "Voicemail",
    "text": "Text",
    "video": "Video call",
    "meeting": "Meeting",
    "in_person": "In person",
    "social": "Social media",
    "letter": "Letter",
    "gift": "Gift",
    "article": "Article",
    "event": "Event",
}
DIRECTIONS: dict[str, str] = {"out": "I reached out", "in": "They reached me"}

EMAIL_LABELS = ["work", "home", "other"]
PHONE_LABELS = ["mobile", "work", "home", "main", "fax", "other"]
ADDRESS_LABELS = ["work", "home", "other"]
URL_LABELS = [
    "website",
    "blog",
    "linkedin",
    "x",
    "github",
    "mastodon",
    "instagram",
    "facebook",
    "other",
]

# kind -> (how it reads from the contact, how it reads from the other side)
RELATION_KINDS: dict[str, tuple[str, str]] = {
    "colleague": ("Colleague of", "Colleague of"),
    "reports_to": ("Reports to", "Manages"),
    "assistant_to": ("Assistant to", "Has assistant"),
    "spouse": ("Spouse of", "Spouse of"),
    "partner": ("Partner of", "Partner of"),
    "family": ("Family of", "Family of"),
    "friend": ("Friend of", "Friend of"),
    "introduced_by": ("Introduced by", "Introduced"),
    "client_of": ("Client of", "Has client"),
    "other": ("Related to", "Related to"),
}

# Where a gift stands: an idea to keep, one given, or one they gave.
GIFT_STATUSES: dict[str, str] = {"idea": "Idea", "given": "Given", "received": "Received"}
# What a contact holds or celebrates (``ContactEvent.kind``), in the order menus offer them.
EVENT_KINDS: dict[str, str] = {
    "conference": "Conference",
    "launch": "Launch",
    "talk": "Talk",
    "party": "Party",
    "birthday": "Birthday",
    "anniversary": "Anniversary",
    "work_anniversary": "Work anniversary",
    "custom": "Other",
}
# Where I stand on going (``ContactEvent.my_status``); "attended" logs an event touch.
EVENT_STATUSES: dict[str, str] = {
    "considering": "Considering",
    "ticket_bought": "Ticket bought",
    "attending": "Attending",
    "attended": "Attended",
    "declined": "Declined",
}
