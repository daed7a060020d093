"""The history's tables as create_all made them before migrations (commit 5089fd5).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journeys",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("vendor", sa.String(40), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(40), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
    )
    op.create_index("ix_journeys_vendor", "journeys", ["vendor"])
    op.create_index("ix_journeys_started_at", "journeys", ["started_at"])
    op.create_table(
        "exchanges",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("journey_id", sa.String(40), nullable=False),
        sa.Column("vendor", sa.String(40), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("step", sa.String(60), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("latency_ms", sa.Float),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("request", sa.JSON),
        sa.Column("response", sa.JSON),
    )
    op.create_index("ix_exchanges_journey_id", "exchanges", ["journey_id"])
    op.create_index("ix_exchanges_vendor", "exchanges", ["vendor"])
    op.create_index("ix_exchanges_at", "exchanges", ["at"])
    op.create_table(
        "callbacks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("vendor", sa.String(40), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("journey_id", sa.String(40), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deliveries", sa.Integer, nullable=False),
        sa.Column("body", sa.JSON),
        sa.UniqueConstraint("vendor", "key", name="uq_callbacks_vendor_key"),
    )
    op.create_index("ix_callbacks_journey_id", "callbacks", ["journey_id"])
    op.create_index("ix_callbacks_received_at", "callbacks", ["received_at"])


def downgrade() -> None:
    op.drop_table("callbacks")
    op.drop_table("exchanges")
    op.drop_table("journeys")
