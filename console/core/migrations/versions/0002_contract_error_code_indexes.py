"""Exchanges carry their contract findings and the vendor's error code; indexes for the
History filters at scale.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("exchanges", sa.Column("error_code", sa.String(80)))
    op.add_column("exchanges", sa.Column("contract", sa.JSON))


def downgrade() -> None:
    op.drop_column("exchanges", "contract")
    op.drop_column("exchanges", "error_code")
