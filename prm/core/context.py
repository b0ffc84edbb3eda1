"""The app context: everything a service call needs, passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass

from prm.core.clock import Clock
from prm.core.db import Store
from prm.core.paths import AppPaths
from prm.core.secrets import SecretStore


@dataclass
class AppContext:
    store: Store
    clock: Clock
    secrets: SecretStore

    @property
    def paths(self) -> AppPaths:
        return self.store.paths
