"""One row per data version, holding the whole validated document, instead of a copy of
the data files spread over 17 tables.

The old tables held only a copy of the data files, so they are dropped, not converted:
the data files are stored again at the next start or load-data.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The tables of the versions before Alembic, children before parents.
OLD_TABLES = [
    "referrer_cell", "situation_domain", "signal_domain", "provider_domain", "location",
    "schedule", "referrer", "situation", "signal", "provider", "domain", "role",
    "professional_role", "crisis_line", "advice", "target_group", "postcode",
    "calm_example", "data_version",
]


def upgrade() -> None:
    for name in OLD_TABLES:
        op.execute(f"DROP TABLE IF EXISTS {name}")
    op.create_table(
        "data_snapshot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("data_snapshot")
