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
    # (vendor, at) serves what (vendor) did, and the filters' dates and order besides.
    op.drop_index("ix_exchanges_vendor", table_name="exchanges")
    op.create_index("ix_exchanges_vendor_at", "exchanges", ["vendor", "at"])
    op.create_index("ix_exchanges_outcome_at", "exchanges", ["outcome", "at"])


def downgrade() -> None:
    op.drop_index("ix_exchanges_outcome_at", table_name="exchanges")
    op.drop_index("ix_exchanges_vendor_at", table_name="exchanges")
    op.create_index("ix_exchanges_vendor", "exchanges", ["vendor"])
    op.drop_column("exchanges", "contract")
    op.drop_column("exchanges", "error_code")
