"""Travel: each contact's place (derived), reachable hours, trips, scheduled meetings.

``contact_place`` is filled here for every existing contact from their
addresses, time zone and phones (prm.core.travel.places.rebuild) and kept in
step by every write afterwards.

Revision ID: 0015_travel
Revises: 0014_advocacy
Create Date: 2026-11-30 03:40:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0015_travel"
down_revision = "0014_advocacy"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch rebuild of `contact` would drop its expression indexes.
    op.add_column(
        "contact",
        sa.Column(
            "reach_hours", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )
    op.add_column(
        "capture_proposal",
        sa.Column(
            "location", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
        ),
    )
    op.create_index(
        "ix_contact_travel_rank",
        "contact",
        ["id", "deleted_at", "cadence_target_days", "last_touch_at", "created_at",
         "birthday_month", "birthday_day"],
    )  # fmt: skip
    op.create_index(
        "ix_contact_reach_hours", "contact", ["reach_hours"],
        sqlite_where=sa.text("reach_hours != ''"),
    )  # fmt: skip
    op.create_table(
        "contact_place",
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("country_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("inputs", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["contact_id"], ["contact.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("contact_id"),
    )
    op.create_index("ix_contact_place_city", "contact_place", ["country_code", "city"])
    op.create_index("ix_contact_place_geo", "contact_place", ["lat", "lon"])
    op.create_index("ix_contact_place_tz", "contact_place", ["timezone"])
    op.create_table(
        "trip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source_proposal_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_proposal_id"], ["capture_proposal.id"], ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("uid"),
    )
    op.create_index("ix_trip_live_start", "trip", ["deleted_at", "starts_on"])
    op.create_table(
        "trip_stop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("city", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("country_code", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("timezone", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["trip_id"], ["trip.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_trip_stop_trip_id"), "trip_stop", ["trip_id"])
    # A rebuild (foreign keys are off while migrating): SQLite reflection reads the
    # ON DELETE of a table-level foreign key only.
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scheduled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("trip_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_meeting_trip_id", "trip", ["trip_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index(batch_op.f("ix_meeting_scheduled_at"), ["scheduled_at"])
    _fill_places()


def _fill_places() -> None:
    from sqlmodel import Session

    from prm.core.travel.places import rebuild

    with Session(bind=op.get_bind()) as session:
        rebuild(session)


def downgrade() -> None:
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_scheduled_at"))
        batch_op.drop_constraint("fk_meeting_trip_id", type_="foreignkey")
        batch_op.drop_column("trip_id")
        batch_op.drop_column("scheduled_at")
    op.drop_table("trip_stop")
    op.drop_table("trip")
    op.drop_table("contact_place")
    op.drop_index("ix_contact_reach_hours", table_name="contact")
    op.drop_index("ix_contact_travel_rank", table_name="contact")
    op.drop_column("capture_proposal", "location")
    op.drop_column("contact", "reach_hours")
