"""Sample touch history with human rhythms: most people on track, some due,
some overdue, a few drifting away from a rhythm they used to keep."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

from prm.core import demo_data as words
from prm.core.cadence import rhythm_for
from prm.core.models import db_timestamp

UNTIERED_RHYTHM_DAYS = 150


class TouchWriter:
    """Spreads exactly ``touches`` touches over ``contacts`` contacts, batch by batch.

    People with a tight cadence get more touches; the share each batch gets is
    decided up front so the total is exact however the batches fall.
    """

    def __init__(
        self, conn, rng: random.Random, tiers, *, contacts: int, touches: int, now: datetime
    ):
        self.conn, self.rng, self.tiers, self.now = conn, rng, tiers, now
        self.remaining_touches, self.remaining_contacts = touches, contacts
        self.written = 0
        self.next_id = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM touch").scalar() + 1
        channels, weights = zip(*words.TOUCH_CHANNEL_WEIGHTS, strict=True)
        self.channels, self.channel_weights = channels, weights
        states, state_weights = zip(*words.RHYTHM_STATES, strict=True)
        self.states, self.state_weights = states, state_weights

    def write(self, ids: list[int], profiles: dict) -> None:
        if self.remaining_touches <= 0 or not ids:
            return
        share = round(self.remaining_touches * len(ids) / self.remaining_contacts)
        self.remaining_contacts -= len(ids)
        share = self.remaining_touches if self.remaining_contacts == 0 else share
        self.remaining_touches -= share
        rhythms = {cid: self._rhythm(*profiles[cid][:2]) for cid in ids}
        counts = _allocate(share, {cid: 1 / r[1] for cid, r in rhythms.items()})
        touches, participants, last_touch = [], [], []
        for cid in ids:
            times = self._times(rhythms[cid], counts[cid], created=profiles[cid][2])
            for i, moment in enumerate(times):  # newest first
                touches.append(self._touch(moment, is_latest=i == 0))
                participants.append((self.next_id, cid, 0))
                if touches[-1][2] in ("meeting", "in_person") and self.rng.random() < 0.08:
                    other = self.rng.choice(ids)
                    if other != cid:
                        participants.append((self.next_id, other, 1))
                self.next_id += 1
            if times:
                last_touch.append((db_timestamp(times[0]), cid))
        self._insert(touches, participants)
        self.written += len(touches)
        # Companions in group touches may now have a later last touch: recompute them all.
        self.conn.exec_driver_sql(
            "UPDATE contact SET last_touch_at = (SELECT max(t.occurred_at) FROM touch_participant p"
            " JOIN touch t ON t.id = p.touch_id WHERE p.contact_id = contact.id"
            " AND t.deleted_at IS NULL) WHERE id = ?",
            [(cid,) for cid in ids],
        )

    def _rhythm(self, own_tier, tag_tiers) -> tuple[float, float]:
        """(their target, the rhythm the user actually kept with them: a bit tighter)."""
        rhythm = rhythm_for(None, own_tier, tag_tiers)
        base = rhythm.target_days or UNTIERED_RHYTHM_DAYS
        return base, base * self.rng.uniform(0.8, 1.0)

    def _times(self, rhythm: tuple[float, float], count: int, created: datetime) -> list[datetime]:
        """The latest touch sits where the person's state says, against their target."""
        target, kept = rhythm
        low, high = self.rng.choices(self.states, self.state_weights)[0]
        moment = self.now - timedelta(days=target * self.rng.uniform(low, high))
        times = []
        for _ in range(count):
            times.append(moment - timedelta(minutes=self.rng.randint(0, 600)))
            moment -= timedelta(days=max(0.5, kept * self.rng.lognormvariate(0, 0.25)))
        return times

    def _touch(self, moment: datetime, *, is_latest: bool) -> tuple:
        rng = self.rng
        channel = rng.choices(self.channels, self.channel_weights)[0]
        inbound = channel in ("email", "text", "call", "social") and rng.random() < 0.3
        recent = (self.now - moment).days < 12
        needs_reply = inbound and is_latest and recent and rng.random() < 0.5
        follow_up = None
        if not inbound and (self.now - moment).days < 40 and rng.random() < 0.12:
            follow_up = (moment + timedelta(days=rng.randint(5, 30))).date().isoformat()
        duration = (
            rng.choice([15, 30, 45, 60])
            if channel in ("call", "video", "meeting", "in_person")
            else None
        )
        stamp = db_timestamp(moment)
        return (
            self.next_id,
            _uid(rng),
            channel,
            "in" if inbound else "out",
            rng.choice(words.SUMMARIES[channel]),
            duration,
            int(needs_reply),
            follow_up,
            stamp,
            stamp,
            stamp,
        )

    def _insert(self, touches: list[tuple], participants: list[tuple]) -> None:
        self.conn.exec_driver_sql(
            "INSERT INTO touch(id, uid, channel, direction, summary, duration_minutes, needs_reply,"
            " follow_up_on, occurred_at, created_at, updated_at, notes, follow_up_done)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,'',0)",
            touches,
        )
        self.conn.exec_driver_sql(
            "INSERT INTO touch_participant(touch_id, contact_id, position) VALUES (?,?,?)",
            participants,
        )


def _uid(rng: random.Random) -> str:
    import uuid

    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _allocate(total: int, weights: dict[int, float]) -> dict[int, int]:
    """Split ``total`` in proportion to ``weights`` exactly (largest remainder)."""
    scale = total / sum(weights.values())
    exact = {k: w * scale for k, w in weights.items()}
    counts = {k: math.floor(v) for k, v in exact.items()}
    short = total - sum(counts.values())
    for k in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[:short]:
        counts[k] += 1
    return counts
