"""Team-added local places, and indexes for the map's status filter.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_places",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("name_ar", sa.Text, nullable=False, server_default=""),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("precision", sa.String(16), nullable=False),
        sa.Column("uncertainty_m", sa.Float, nullable=False),
        sa.Column("coord_source", sa.Text, nullable=False),
        sa.Column("parent_id", sa.String(80), nullable=False, server_default=""),
        sa.Column("governorate_id", sa.String(80), nullable=False, server_default=""),
        sa.Column("variants_en", sa.Text, nullable=False, server_default=""),
        sa.Column("variants_ar", sa.Text, nullable=False, server_default=""),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("added_by", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_team_events_status", "team_events", ["status"])
    op.create_index("ix_event_history_event_id", "event_history", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_event_history_event_id", table_name="event_history")
    op.drop_index("ix_team_events_status", table_name="team_events")
    op.drop_table("team_places")
