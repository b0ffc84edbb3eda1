"""Where PRM keeps its files. One injectable object, resolved in ``main()``.

Precedence: an explicit ``--data-dir``, then ``PRM_DATA_DIR``, then the
platform's user data folder.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from prm import APP_NAME
from prm.core.errors import DataDirError

DATA_DIR_ENV = "PRM_DATA_DIR"
DATABASE_NAME = "prm.sqlite3"
HEADER_NAME = "prm.store.json"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path

    @classmethod
    def for_dir(cls, data_dir: Path | str) -> AppPaths:
        """Everything lives under one folder (tests, --data-dir, demo stores)."""
        data_dir = Path(data_dir).expanduser().absolute()
        return cls(data_dir=data_dir, log_dir=data_dir / "logs")

    @classmethod
    def resolve(
        cls, data_dir: str | Path | None = None, environ: Mapping[str, str] | None = None
    ) -> AppPaths:
        environ = os.environ if environ is None else environ
        chosen = data_dir or environ.get(DATA_DIR_ENV)
        if chosen:
            return cls.for_dir(chosen)
        import platformdirs

        return cls(
            data_dir=platformdirs.user_data_path(APP_NAME, appauthor=False),
            log_dir=platformdirs.user_log_path(APP_NAME, appauthor=False),
        )

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    @property
    def header(self) -> Path:
        """The store's plaintext identity card (see store_header)."""
        return self.data_dir / HEADER_NAME

    @property
    def lifecycle_lock(self) -> Path:
        """Held while a store is created, adopted, migrated, encrypted or restored."""
        return self.data_dir / ".store.lock"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "window.ini"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "prm.lock"

    @property
    def demo(self) -> AppPaths:
        """The separate store that sample data goes into, never the user's own."""
        return AppPaths.for_dir(self.data_dir / "demo")

    def ensure_writable(self) -> None:
        """Create the data folder (owner-only) and prove we may create files there.

        The probe is a nameless temporary file of 0 bytes: concurrent commands
        never share it, and a full disk (which still allows reading and
        exporting) does not fail it; writes report a full disk themselves.
        """
        from prm.core.fsio import make_private_dir

        try:
            make_private_dir(self.data_dir)
            with tempfile.TemporaryFile(dir=self.data_dir, prefix=".write-test-"):
                pass
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                return
            raise DataDirError(
                f"PRM cannot write to its data folder {self.data_dir}: {exc.strerror or exc}.",
                hint="Choose another folder with --data-dir or PRM_DATA_DIR, "
                "or fix the folder's permissions.",
            ) from exc
