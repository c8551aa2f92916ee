"""Storage: the seminars a teacher runs and their anonymous responses, in SQLite or PostgreSQL (SQLAlchemy 2,
migrations by Alembic). Educational use only, not for clinical decisions."""

from storage.store import Limits, Refused, Seminar, Store, database_url

__all__ = ["Limits", "Refused", "Seminar", "Store", "database_url"]
