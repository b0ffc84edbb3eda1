"""SQLModel tables: the shape of the user's data, one module per capability.

Every change here needs an Alembic revision in ``prm/core/migrations/versions``;
a test compares these tables with what the migrations build. Importing this
package registers every table on ``SQLModel.metadata``.
"""

from prm.core.models.advocacy import (
    AdvocacySignal,
    Engagement,
    Introduction,
    Referral,
)
from prm.core.models.base import UTCDateTime, db_timestamp, new_uid, parse_db_timestamp
from prm.core.models.capture import (
    CaptureIgnore,
    CaptureProposal,
    CaptureProposalPerson,
    CaptureSource,
)
from prm.core.models.contacts import (
    CadenceTier,
    Contact,
    ContactAddress,
    ContactEmail,
    ContactInterest,
    ContactPhone,
    ContactPhoto,
    ContactRelation,
    ContactTag,
    ContactUrl,
    Setting,
    Tag,
)
from prm.core.models.duplicates import DuplicateDismissal
from prm.core.models.meetings import AgendaItem, Meeting, MeetingAttendee, MeetingPause
from prm.core.models.notes import Article, ArticleShare, ArticleTopic, ContactEvent, Gift
from prm.core.models.sync import SyncAccount, SyncItem
from prm.core.models.touches import Touch, TouchParticipant
from prm.core.models.travel import ContactPlace, Trip, TripStop
from prm.core.models.vcard import ContactVCardProperty

__all__ = [
    "AdvocacySignal",
    "Engagement",
    "Introduction",
    "Referral",
    "AgendaItem",
    "Article",
    "ArticleShare",
    "ArticleTopic",
    "CaptureIgnore",
    "CaptureProposal",
    "CaptureProposalPerson",
    "CaptureSource",
    "ContactEvent",
    "ContactVCardProperty",
    "DuplicateDismissal",
    "Gift",
    "Meeting",
    "MeetingAttendee",
    "MeetingPause",
    "CadenceTier",
    "Contact",
    "ContactAddress",
    "ContactEmail",
    "ContactInterest",
    "ContactPhone",
    "ContactPhoto",
    "ContactPlace",
    "ContactRelation",
    "ContactTag",
    "ContactUrl",
    "Setting",
    "SyncAccount",
    "SyncItem",
    "Tag",
    "Touch",
    "TouchParticipant",
    "Trip",
    "TripStop",
    "UTCDateTime",
    "db_timestamp",
    "new_uid",
    "parse_db_timestamp",
]
