"""What the vCard reader hands to the importer: one card at a time, or why not."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from prm.core.drafts import ContactDraft


@dataclass
class ParsedCard:
    """One card, mapped onto PRM's fields but not yet validated or matched."""

    position: int  # 1-based: the card's number in its file
    line: int  # 1-based line of its BEGIN:VCARD in the file as given
    uid: str  # "" when the card had none
    draft: ContactDraft  # names, org, values with PRM labels, dates, tags, photo, notes
    # Properties PRM does not model, one unfolded content line each, verbatim,
    # to be stored as ContactVCardProperty and written back out on export.
    extra_lines: list[str] = field(default_factory=list)
    # Things that were odd but recoverable ("photo was not valid base64; skipped").
    warnings: list[str] = field(default_factory=list)
    # Moments the file records with this person (LinkedIn's "Connected On"), logged
    # as touches when the card becomes a new contact.
    touches: list[CardTouch] = field(default_factory=list)


@dataclass(frozen=True)
class CardTouch:
    on: date
    channel: str  # a TOUCH_CHANNELS key
    summary: str


@dataclass(frozen=True)
class CardError:
    """A card that could not be read; the rest of the file still is."""

    position: int  # 0 when the file as a whole is unusable (empty, not vCard)
    line: int
    message: str  # what was wrong, in words a user understands

    def __str__(self) -> str:
        if self.position == 0:
            return f"line {self.line}: {self.message}"
        return f"card {self.position} (line {self.line}): {self.message}"


# The draft fields a vCard carries both ways (everything else is PRM's own).
CARRIED_FIELDS = [
    "prefix",
    "given_name",
    "middle_name",
    "family_name",
    "suffix",
    "formatted_name",
    "nickname",
    "organization",
    "department",
    "title",
    "birthday",
    "anniversary",
    "emails",
    "phones",
    "addresses",
    "urls",
    "tags",
    "photo",
    "photo_mime",
    "notes",
]


def carried(draft: ContactDraft) -> dict:
    """The part of a draft a vCard round trip keeps: equal before and after means no change."""
    fields = {name: getattr(draft, name) for name in CARRIED_FIELDS}
    fields["tags"] = sorted(draft.tags, key=str.casefold)  # PRM lists tags by name
    return fields
