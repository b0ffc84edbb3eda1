"""Touch history, cadence tiers, snoozing and the denormalized last touch.

Revision ID: 0002_touches
Revises: 0001_baseline
Create Date: 2026-11-23 12:23:23.184160
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

# The tiers a new user starts with (editable in Settings).
DEFAULT_TIERS = [
    {"id": 1, "name": "Inner circle", "target_days": 14, "max_days": 21, "position": 0},
    {"id": 2, "name": "Clients", "target_days": 30, "max_days": 45, "position": 1},
    {"id": 3, "name": "Network", "target_days": 90, "max_days": 120, "position": 2},
    {"id": 4, "name": "Acquaintances", "target_days": 180, "max_days": 365, "position": 3},
    {"id": 5, "name": "No cadence", "target_days": None, "max_days": None, "position": 4},
]


revision = "0002_touches"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    tiers = op.create_table(
        "cadence_tier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(collation="NOCASE"), nullable=False),
        sa.Column("target_days", sa.Integer(), nullable=True),
        sa.Column("max_days", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "touch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("needs_reply", sa.Boolean(), nullable=False),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("follow_up_done", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.create_index(
            "ix_touch_awaiting", ["needs_reply", "replied_at", "deleted_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_touch_follow_up_on"), ["follow_up_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_touch_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "touch_participant",
        sa.Column("touch_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["touch_id"], ["touch.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("touch_id", "contact_id"),
    )
    with op.batch_alter_table("touch_participant", schema=None) as batch_op:
        batch_op.create_index(
            "ix_touch_participant_contact", ["contact_id", "touch_id"], unique=False
        )

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cadence_tier_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cadence_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cadence_target_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cadence_max_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("snoozed_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "snooze_reason",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(sa.Column("last_touch_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_contact_last_touch_at"), ["last_touch_at"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_contact_cadence_tier",
            "cadence_tier",
            ["cadence_tier_id"],
            ["id"],
            ondelete="SET NULL",
        )

    # Batch mode rebuilds `tag` from reflection, which drops the NOCASE collation
    # that makes "client" and "Client" one tag: restate the column.
    with op.batch_alter_table(
        "tag",
        schema=None,
        reflect_args=[sa.Column("name", sa.String(collation="NOCASE"), nullable=False)],
    ) as batch_op:
        batch_op.add_column(sa.Column("cadence_tier_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_tag_cadence_tier", "cadence_tier", ["cadence_tier_id"], ["id"], ondelete="SET NULL"
        )

    op.bulk_insert(tiers, DEFAULT_TIERS)
    # The reach-out ranking walks this per cadence target, oldest anchor first
    # (prm.core.reach_out); the expression must match reach_out._ANCHOR.
    op.execute(
        "CREATE INDEX ix_contact_rhythm ON contact"
        " (cadence_target_days, coalesce(last_touch_at, created_at), snoozed_until)"
        " WHERE deleted_at IS NULL"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_contact_rhythm")
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.drop_constraint("fk_tag_cadence_tier", type_="foreignkey")
        batch_op.drop_column("cadence_tier_id")

    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_constraint("fk_contact_cadence_tier", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_contact_last_touch_at"))
        batch_op.drop_column("last_touch_at")
        batch_op.drop_column("snooze_reason")
        batch_op.drop_column("snoozed_until")
        batch_op.drop_column("cadence_max_days")
        batch_op.drop_column("cadence_target_days")
        batch_op.drop_column("cadence_days")
        batch_op.drop_column("cadence_tier_id")

    with op.batch_alter_table("touch_participant", schema=None) as batch_op:
        batch_op.drop_index("ix_touch_participant_contact")

    op.drop_table("touch_participant")
    with op.batch_alter_table("touch", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_touch_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_touch_follow_up_on"))
        batch_op.drop_index("ix_touch_awaiting")

    op.drop_table("touch")
    op.drop_table("cadence_tier")
