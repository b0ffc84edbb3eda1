"""Error taxonomy: what the user's environment did wrong vs. what we did wrong.

``KnownError`` is shown kindly (a dialog, or a CLI message with exit code 2);
anything else is a bug and reaches the excepthook dialog and the log with its
traceback.
"""

from __future__ import annotations

from pathlib import Path


class PrmError(Exception):
    """Root of PRM's own exceptions."""


class KnownError(PrmError):
    """A problem caused by the environment or the input, explained to the user."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


class BugError(PrmError):
    """An invariant of PRM itself was broken."""


class DataDirError(KnownError):
    """The data folder cannot be created or written."""


class DatabaseTooNewError(KnownError):
    """The database was written by a newer PRM; we refuse to touch it."""


class DatabaseUnreadableError(KnownError):
    """The database file is not a database, is corrupt, or its key is wrong."""

    def __init__(self, message: str, *, path: Path, latest_backup: Path | None, hint: str = ""):
        super().__init__(message, hint=hint)
        self.path = path
        self.latest_backup = latest_backup


class DatabaseDamagedError(DatabaseUnreadableError):
    """The file is PRM's and the key is right, but its pages are damaged: offer a restore."""


class StoreMissingError(KnownError):
    """The database file is gone from a folder that held a store: never start afresh there."""

    def __init__(self, message: str, *, backup_dir: Path, hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.backup_dir = backup_dir


class SetupNeededError(KnownError):
    """A new store needs the user's choice: no trustworthy keyring to keep its key."""


class DatabaseLockedError(KnownError):
    """Another process holds the database for too long."""


class NotFoundError(KnownError):
    """A contact (or other record) the user named does not exist."""


class AmbiguousError(KnownError):
    """A name matched more than one record."""


class ValidationError(KnownError):
    """User input is invalid. ``errors`` maps a field name to a readable message."""

    def __init__(self, errors: dict[str, str]) -> None:
        lines = "; ".join(f"{field}: {msg}" for field, msg in errors.items())
        super().__init__(f"Please correct: {lines}")
        self.errors = errors


class PossibleDuplicateError(KnownError):
    """A new contact has the same name and email as a live one: offer to open that one
    instead (``existing_id``), or save anyway with ``allow_duplicate=True``."""

    def __init__(self, message: str, *, existing_id: int, existing_name: str, hint: str = ""):
        super().__init__(message, hint=hint)
        self.existing_id = existing_id
        self.existing_name = existing_name
