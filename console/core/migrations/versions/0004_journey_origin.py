"""Journeys carry their origin: 'flow' (a flow's page), 'runner' (the scenario runner) or
'resend' (History's "Edit and re-send"), and an index on it for the Source filters.

Rows already there are flows, except those the runner and the re-send wrote before this
revision, known by what they wrote: a summary "scenario <id>" (the runner), the outcome
'resent' or a summary "re-sent ..." / "re-send refused" (the re-send).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JOURNEYS = sa.table(
    "journeys",
    sa.column("outcome", sa.String),
    sa.column("summary", sa.Text),
    sa.column("origin", sa.String),
)


def upgrade() -> None:
    op.add_column(
        "journeys",
        sa.Column("origin", sa.String(20), nullable=False, server_default="flow"),
    )
    t = JOURNEYS.c
    op.execute(sa.update(JOURNEYS).where(t.summary.like("scenario %")).values(origin="runner"))
    resent = sa.or_(
        t.outcome == "resent", t.summary.like("re-sent %"), t.summary == "re-send refused"
    )
    op.execute(sa.update(JOURNEYS).where(resent).values(origin="resend"))
    op.create_index("ix_journeys_origin", "journeys", ["origin"])


def downgrade() -> None:
    op.drop_index("ix_journeys_origin", table_name="journeys")  # SQLite drops no indexed column
    op.drop_column("journeys", "origin")
