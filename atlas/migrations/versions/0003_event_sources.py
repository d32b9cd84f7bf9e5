"""Further sources of team events (events.sources.EventSource), one row a source.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), sa.ForeignKey("team_events.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("published", sa.String(21), nullable=False, server_default=""),
        sa.Column("quote", sa.Text, nullable=False, server_default=""),
        sa.Column("url", sa.Text, nullable=False, server_default=""),
        sa.Column("seed", sa.Text, nullable=False, server_default=""),
        sa.Column("cited_outlet", sa.Text, nullable=False, server_default=""),
        sa.Column("date_start", sa.Date, nullable=True),
        sa.Column("date_end", sa.Date, nullable=True),
        sa.Column("count_min", sa.Integer, nullable=True),
        sa.Column("count_max", sa.Integer, nullable=True),
        sa.Column("count_unit", sa.String(16), nullable=False, server_default=""),
        sa.Column("paid_usd_min", sa.Float, nullable=True),
        sa.Column("paid_usd_max", sa.Float, nullable=True),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("added_by", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("event_id", "position", name="uq_event_sources_event_position"),
    )
    op.create_index("ix_event_sources_event_id", "event_sources", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_event_sources_event_id", table_name="event_sources")
    op.drop_table("event_sources")
