"""Advocacy: referrals, introductions, advocacy signals, engagements.

Every contact's "Referred by" becomes a referral entry dated the contact's
creation day (the real day is unknown, so ``date_known`` is false and no
thank-you is owed for it); the column stays as the editor's shortcut.

Revision ID: 0014_advocacy
Revises: 0013_sync
Create Date: 2026-11-30 01:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_advocacy"
down_revision = "0013_sync"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("referrer_id", sa.Integer(), nullable=False),
        sa.Column("referred_id", sa.Integer(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("date_known", sa.Boolean(), nullable=False),
        sa.Column("for_what", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["referrer_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["referred_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index("ix_referral_live_day", ["deleted_at", "referred_on"])
        batch_op.create_index("ix_referral_won", ["deleted_at", "outcome", "outcome_on"])
        batch_op.create_index(
            "ix_referral_scan", ["deleted_at", "referrer_id", "referred_id", "outcome"]
        )
        batch_op.create_index(batch_op.f("ix_referral_referrer_id"), ["referrer_id"])
        batch_op.create_index(batch_op.f("ix_referral_referred_id"), ["referred_id"])
    op.create_table(
        "introduction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("a_id", sa.Integer(), nullable=False),
        sa.Column("b_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("touch_a_id", sa.Integer(), nullable=True),
        sa.Column("touch_b_id", sa.Integer(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["a_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["b_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["touch_a_id"], ["touch.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["touch_b_id"], ["touch.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    with op.batch_alter_table("introduction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_introduction_a_id"), ["a_id"])
        batch_op.create_index(batch_op.f("ix_introduction_b_id"), ["b_id"])
        batch_op.create_index("ix_introduction_scan", ["deleted_at", "a_id", "b_id", "state"])
    op.create_table(
        "advocacy_signal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    with op.batch_alter_table("advocacy_signal", schema=None) as batch_op:
        batch_op.create_index("ix_advocacy_signal_contact", ["contact_id", "on_date"])
        batch_op.create_index(
            "ix_advocacy_signal_scan", ["deleted_at", "contact_id", "kind", "on_date"]
        )
    op.create_table(
        "engagement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=True),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("fees", sa.String(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    with op.batch_alter_table("engagement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_engagement_contact_id"), ["contact_id"])
        batch_op.create_index(
            "ix_engagement_scan", ["deleted_at", "contact_id", "currency", "fees"]
        )
    op.create_table(
        "derived_advocacy_value",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("revenue", sa.Float(), nullable=False),
        sa.Column("referrals", sa.Float(), nullable=False),
        sa.Column("advocacy", sa.Float(), nullable=False),
        sa.Column("introductions", sa.Float(), nullable=False),
        sa.Column("reach", sa.Float(), nullable=False),
        sa.Column("referrals_made", sa.Integer(), nullable=False),
        sa.Column("asks", sa.Integer(), nullable=False),
        sa.Column("introduced_me", sa.Integer(), nullable=False),
        sa.Column("client", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id"),
    )
    # "Referred by" -> the ledger. uid: a random UUID, as new_uid makes them.
    op.execute(
        "INSERT INTO referral (uid, referrer_id, referred_id, referred_on, date_known, for_what,"
        " outcome, outcome_on, value, currency, notes, created_at, updated_at, deleted_at)"
        f" SELECT {_UUID}, c.referred_by_id, c.id, date(c.created_at), 0, '',"
        " '', NULL, '', '', '', c.created_at, c.created_at, NULL"
        " FROM contact c JOIN contact r ON r.id = c.referred_by_id"
        " WHERE c.referred_by_id IS NOT NULL AND c.referred_by_id != c.id"
    )
    # Each person's value points, derived from the ledgers just filled.
    from sqlmodel import Session

    from prm.core.advocacy.stored import rebuild

    with Session(bind=op.get_bind()) as session:
        rebuild(session)


_UUID = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)"
    " || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)"
    " || '-' || hex(randomblob(6)))"
)


def downgrade() -> None:
    op.drop_table("derived_advocacy_value")
    op.drop_table("engagement")
    op.drop_table("advocacy_signal")
    op.drop_table("introduction")
    op.drop_table("referral")
