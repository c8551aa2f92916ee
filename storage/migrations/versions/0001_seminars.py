"""Seminars and their anonymous responses.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "seminar",
        sa.Column("code", sa.String(16), primary_key=True),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("case_ids", sa.JSON(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_seminar_expires_at", "seminar", ["expires_at"])
    op.create_table(
        "seminar_response",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("seminar_code", sa.String(16), sa.ForeignKey("seminar.code", ondelete="CASCADE"), nullable=False),
        sa.Column("case_id", sa.String(200), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_seminar_response_seminar_created", "seminar_response", ["seminar_code", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_seminar_response_seminar_created", table_name="seminar_response")
    op.drop_table("seminar_response")
    op.drop_index("ix_seminar_expires_at", table_name="seminar")
    op.drop_table("seminar")
