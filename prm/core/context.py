"""The app context: everything a service call needs, passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo

from prm.core.clock import Clock
from prm.core.db import Store
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore


@dataclass
class AppContext:
    store: Store
    clock: Clock
    secrets: SecretStore
    # The user's time zone: "days since" counts their calendar days, across DST.
    zone: tzinfo = field(default_factory=lambda: local_zone())

    @property
    def paths(self) -> AppPaths:
        return self.store.paths


def local_zone() -> tzinfo:
    """The computer's IANA zone (DST-aware), or UTC if it cannot be determined."""
    try:
        import tzlocal

        return tzlocal.get_localzone()
    except Exception:  # an odd /etc/localtime must not stop the app
        from datetime import UTC

        return UTC
