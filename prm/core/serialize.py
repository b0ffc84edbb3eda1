"""Contacts as plain JSON-ready dicts (``prm contacts list --json``, scripts)."""

from __future__ import annotations

import base64
from dataclasses import asdict
from typing import Any

from prm.core.contacts import draft_from_contact
from prm.core.models import Contact


def contact_to_dict(contact: Contact, *, include_photo: bool = False) -> dict[str, Any]:
    draft = draft_from_contact(contact)
    data: dict[str, Any] = {
        "id": contact.id,
        "uid": contact.uid,
        "display_name": contact.display_name,
    }
    data.update(asdict(draft))
    data.pop("photo")
    data.pop("photo_mime")
    data["has_photo"] = contact.photo is not None
    if include_photo and contact.photo is not None:
        data["photo"] = {
            "mime_type": contact.photo.mime_type,
            "base64": base64.b64encode(contact.photo.data).decode("ascii"),
        }
    data["created_at"] = contact.created_at.isoformat()
    data["updated_at"] = contact.updated_at.isoformat()
    data["deleted_at"] = contact.deleted_at.isoformat() if contact.deleted_at else None
    return data
