"""Logging for the entry points (app and CLI): a rotating file in the log folder.

Only ``main()`` functions call this; libraries just use ``getLogger(__name__)``.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(log_dir: Path, *, level: int = logging.INFO) -> Path | None:
    """Log to ``log_dir/prm.log`` (5 x 1 MB). Returns the file, or None if unwritable."""
    from prm.core.fsio import PRIVATE_FILE, make_private_dir

    root = logging.getLogger()
    root.setLevel(level)
    # A full disk must not turn each log line into a traceback on stderr.
    logging.raiseExceptions = False
    log_file = log_dir / "prm.log"
    try:
        make_private_dir(log_dir)  # the log names contacts and files
        handler = logging.handlers.RotatingFileHandler(
            log_file,
            maxBytes=1_000_000,
            backupCount=5,
            encoding="utf-8",
            errors="backslashreplace",  # a non-UTF-8 file name is logged, not a logging error
        )
        os.chmod(log_file, PRIVATE_FILE)
    except OSError:
        # An unwritable log folder must not stop the app; the data folder check
        # reports the real problem if there is one.
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    return log_file
