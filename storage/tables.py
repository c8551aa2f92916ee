"""The tables of a seminar: the seminar (its cases, its date, when it ends) and the class's responses.

No personal data: a response is a case id and the choices, nothing about who sent it or from where.
The teacher's token is kept only as its SHA-256, so a copy of the database grants no teacher's view.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class SeminarRow(Base):
    __tablename__ = "seminar"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    case_ids: Mapped[list[str]] = mapped_column(JSON)
    as_of: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC, naive: SQLite keeps no zone
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)


class ResponseRow(Base):
    __tablename__ = "seminar_response"
    __table_args__ = (Index("ix_seminar_response_seminar_created", "seminar_code", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seminar_code: Mapped[str] = mapped_column(String(16), ForeignKey("seminar.code", ondelete="CASCADE"))
    case_id: Mapped[str] = mapped_column(String(200))
    choices: Mapped[dict[str, str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
