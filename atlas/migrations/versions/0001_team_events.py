"""Team events and their append-only history.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "team_events",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("event_type", sa.String(32), nullable=False),
        sa.Column("seed", sa.Text, nullable=False, server_default=""),
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("quote_ar", sa.Text, nullable=False),
        sa.Column("summary_en", sa.Text, nullable=False),
        sa.Column("date_start", sa.Date, nullable=True),
        sa.Column("date_end", sa.Date, nullable=True),
        sa.Column("date_precision", sa.String(16), nullable=False),
        sa.Column("date_relative", sa.Text, nullable=False, server_default=""),
        sa.Column("date_basis", sa.Text, nullable=False, server_default=""),
        sa.Column("origin", sa.String(80), nullable=False, server_default=""),
        sa.Column("via", sa.String(80), nullable=False, server_default=""),
        sa.Column("destination", sa.String(80), nullable=False, server_default=""),
        sa.Column("location", sa.String(80), nullable=False, server_default=""),
        sa.Column("outcome", sa.String(32), nullable=False),
        sa.Column("count_min", sa.Integer, nullable=True),
        sa.Column("count_max", sa.Integer, nullable=True),
        sa.Column("count_unit", sa.String(16), nullable=False, server_default=""),
        sa.Column("names", sa.Text, nullable=False, server_default=""),
        sa.Column("paid_usd_min", sa.Float, nullable=True),
        sa.Column("paid_usd_max", sa.Float, nullable=True),
        sa.Column("actors", sa.Text, nullable=False, server_default=""),
        sa.Column("cited_outlet", sa.Text, nullable=False, server_default=""),
        sa.Column("url", sa.Text, nullable=False, server_default=""),
        sa.Column("confidence", sa.String(8), nullable=False),
        sa.Column("disputed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("related", sa.Text, nullable=False, server_default=""),
        sa.Column("dispute_note", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("added_by", sa.Text, nullable=False, server_default=""),
        sa.Column("notes", sa.Text, nullable=False, server_default=""),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "event_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), sa.ForeignKey("team_events.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("changed_by", sa.Text, nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.UniqueConstraint("event_id", "version", name="uq_event_history_event_version"),
    )


def downgrade() -> None:
    op.drop_table("event_history")
    op.drop_table("team_events")
