"""Cadence: how often each person should hear from the user.

A contact's rhythm comes from, in order: their own day override, their own
tier, the tightest tier among their tags. The result is stored on the contact
(``cadence_target_days`` / ``cadence_max_days``) so ranking 100k people is one
scan; every change that can move it calls ``refresh``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from prm.core import orm
from prm.core.errors import NotFoundError, ValidationError
from prm.core.sql_ids import id_chunks
from prm.core.validation import MAX_CADENCE_DAYS

if TYPE_CHECKING:  # built on first use (prm.core.orm)
    from prm.core.models import CadenceTier, Tag

# An override in days is a target; being this much later than it is overdue.
OVERRIDE_MAX_FACTOR = 1.5


@dataclass(frozen=True)
class Rhythm:
    target_days: int | None
    max_days: int | None
    source: str  # "override", "tier", "tag", or "none"


def list_tiers(session: Session) -> list[CadenceTier]:
    return list(
        session.exec(select(orm.CadenceTier).order_by(orm.CadenceTier.position, orm.CadenceTier.id))
    )


def tier_named(session: Session, *, name: str) -> CadenceTier:
    tier = session.exec(select(orm.CadenceTier).where(orm.CadenceTier.name == name.strip())).first()
    if tier is None:
        names = ", ".join(t.name for t in list_tiers(session))
        raise NotFoundError(f"There is no cadence tier “{name}”. Tiers: {names}.")
    return tier


def update_tier(
    session: Session, *, tier_id: int, name: str, target_days: int | None, max_days: int | None
) -> CadenceTier:
    tier = _apply_tier(
        session, tier_id=tier_id, name=name, target_days=target_days, max_days=max_days
    )
    refresh(session)
    return tier


def _tier_errors(name: str, target_days: int | None, max_days: int | None) -> dict[str, str]:
    errors = {}
    if not name.strip():
        errors["name"] = "A tier needs a name."
    if (target_days is None) != (max_days is None):
        errors["max_days"] = "Give both a target and a maximum, or neither (no cadence)."
    elif target_days is not None and max_days is not None:
        if target_days < 1:
            errors["target_days"] = "The target must be at least 1 day."
        if max_days < target_days:
            errors["max_days"] = "The maximum cannot be shorter than the target."
        elif max_days > MAX_CADENCE_DAYS:
            errors["max_days"] = f"The maximum is at most {MAX_CADENCE_DAYS} days."
    return errors


def _apply_tier(
    session: Session, *, tier_id: int, name: str, target_days: int | None, max_days: int | None
) -> CadenceTier:
    errors = _tier_errors(name, target_days, max_days)
    if errors:
        raise ValidationError(errors)
    tier = session.get(orm.CadenceTier, tier_id)
    if tier is None:
        raise NotFoundError(f"There is no cadence tier #{tier_id}.")
    tier.name, tier.target_days, tier.max_days = name.strip(), target_days, max_days
    session.flush()
    return tier


# --- the settings screen ----------------------------------------------------------


@dataclass(frozen=True)
class TierSetting:
    """One tier as the settings screen shows and edits it."""

    id: int
    name: str
    target_days: int | None
    max_days: int | None


@dataclass(frozen=True)
class TagTier:
    tag: str
    tier_id: int | None


@dataclass(frozen=True)
class CadenceSettings:
    tiers: tuple[TierSetting, ...]
    tags: tuple[TagTier, ...]  # by tag name


def tier_settings(session: Session) -> list[TierSetting]:
    """The tiers in their order (a handful, made by the user): a picker may read them anywhere."""
    return [
        TierSetting(t.id, t.name, t.target_days, t.max_days)
        for t in list_tiers(session)
        if t.id is not None
    ]


def cadence_settings(session: Session) -> CadenceSettings:
    tags = tuple(TagTier(name, tier_id) for name, tier_id in tag_tiers(session).items())
    return CadenceSettings(tuple(tier_settings(session)), tags)


def save_cadence_settings(
    session: Session, *, tiers: Iterable[TierSetting], tags: Iterable[TagTier]
) -> None:
    """Store changed tiers and tag tiers, all or nothing.

    Every refused tier is reported at once, keyed ``tier:<id>:<field>`` (two
    tiers may not share a name, whether or not both changed); then everyone's
    rhythm is recomputed once.
    """
    tiers, tags = list(tiers), list(tags)
    errors: dict[str, str] = {}
    for t in tiers:
        problems = _tier_errors(t.name, t.target_days, t.max_days)
        errors.update({f"tier:{t.id}:{key}": message for key, message in problems.items()})
    names = {t.id: t.name for t in tier_settings(session)} | {t.id: t.name for t in tiers}
    seen: dict[str, int] = {}
    for tier_id, name in names.items():
        key = name.strip().casefold()
        if key and key in seen and f"tier:{tier_id}:name" not in errors:
            errors[f"tier:{tier_id}:name"] = f"Another tier is called “{name.strip()}”."
        seen.setdefault(key, tier_id)
    if errors:
        raise ValidationError(errors)
    for t in tiers:
        _apply_tier(
            session, tier_id=t.id, name=t.name, target_days=t.target_days, max_days=t.max_days
        )
    for tag in tags:
        _set_tag_tier(session, tag_name=tag.tag, tier_id=tag.tier_id)
    refresh(session)


def set_tag_tier(session: Session, *, tag_name: str, tier_id: int | None) -> Tag:
    tag = _set_tag_tier(session, tag_name=tag_name, tier_id=tier_id)
    refresh(session)
    return tag


def _set_tag_tier(session: Session, *, tag_name: str, tier_id: int | None) -> Tag:
    tag = session.exec(select(orm.Tag).where(orm.Tag.name == tag_name.strip())).first()
    if tag is None:
        raise NotFoundError(f"There is no tag “{tag_name}”.")
    tag.cadence_tier_id = tier_id
    session.flush()
    return tag


def tag_tiers(session: Session) -> dict[str, int | None]:
    return {t.name: t.cadence_tier_id for t in session.exec(select(orm.Tag).order_by(orm.Tag.name))}


def rhythm_for(
    own_days: int | None,
    own_tier: CadenceTier | None,
    tag_tiers: Iterable[CadenceTier],
) -> Rhythm:
    if own_days:
        return Rhythm(own_days, round(own_days * OVERRIDE_MAX_FACTOR), "override")
    if own_tier is not None:  # includes an explicit "No cadence"
        return Rhythm(own_tier.target_days, own_tier.max_days, "tier")
    timed = [t for t in tag_tiers if t.target_days is not None]
    if timed:
        tightest = min(timed, key=lambda t: (t.target_days, t.max_days))
        return Rhythm(tightest.target_days, tightest.max_days, "tag")
    return Rhythm(None, None, "none")


def refresh(session: Session, contact_ids: Iterable[int] | None = None) -> None:
    """Recompute the stored rhythm of some (or all) contacts."""
    conn = session.connection()
    tiers = {t.id: t for t in list_tiers(session)}
    wanted = None if contact_ids is None else list(contact_ids)
    if wanted == []:
        return
    sql = (
        "SELECT c.id, c.cadence_days, c.cadence_tier_id, t.cadence_tier_id,"
        " c.cadence_target_days, c.cadence_max_days FROM contact c "
        "LEFT JOIN contact_tag ct ON ct.contact_id = c.id "
        "LEFT JOIN tag t ON t.id = ct.tag_id"
    )
    if wanted is None:
        queries = [(sql, ())]
    else:
        queries = [
            (f"{sql} WHERE c.id IN ({marks})", tuple(part)) for part, marks in id_chunks(wanted)
        ]
    by_contact: dict[int, tuple] = {}
    for query, params in queries:
        for cid, days, own_tier, tag_tier, *stored in conn.exec_driver_sql(query, params):
            entry = by_contact.setdefault(cid, (days, own_tier, [], tuple(stored)))
            if tag_tier in tiers:
                entry[2].append(tiers[tag_tier])
    updates = []
    for cid, (days, own_tier, tag_list, stored) in by_contact.items():
        rhythm = rhythm_for(days, tiers.get(own_tier), tag_list)
        # Only rhythms that change are written: a tier's new target leaves most
        # contacts as they were, and each written row runs the contact triggers
        # (the hourly counts of anchors, revision 0023).
        if (rhythm.target_days, rhythm.max_days) != stored:
            updates.append((rhythm.target_days, rhythm.max_days, cid))
    if updates:
        conn.exec_driver_sql(
            "UPDATE contact SET cadence_target_days = ?, cadence_max_days = ? WHERE id = ?", updates
        )
