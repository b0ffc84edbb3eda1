"""Where PRM keeps its files. One injectable object, resolved in ``main()``.

Precedence: an explicit ``--data-dir``, then ``PRM_DATA_DIR``, then the
platform's user data folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from prm import APP_NAME
from prm.core.errors import DataDirError

DATA_DIR_ENV = "PRM_DATA_DIR"
DATABASE_NAME = "prm.sqlite3"


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
        """Create the data folder and prove we can write there, or say why not."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            probe = self.data_dir / ".write-test"
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as exc:
            raise DataDirError(
                f"PRM cannot write to its data folder {self.data_dir}: {exc.strerror or exc}.",
                hint="Choose another folder with --data-dir or PRM_DATA_DIR, "
                "or fix the folder's permissions.",
            ) from exc
