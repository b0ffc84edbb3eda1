"""Where the database key lives: the OS keyring in the app, memory in tests.

The key never goes into a file, a log or QSettings. If no keyring backend is
usable the store is created unencrypted and the caller is told so, loudly,
rather than hiding the key somewhere weaker.
"""

from __future__ import annotations

import logging
from typing import Protocol

from prm.core.errors import KnownError

log = logging.getLogger(__name__)

SERVICE_NAME = "PRM"


class SecretStoreUnavailable(KnownError):
    """No usable secret storage (no keyring daemon, locked keychain...)."""


class SecretStore(Protocol):
    def available(self) -> bool: ...
    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


class MemorySecretStore:
    """A dict; for tests and for the explicit ``--no-keyring`` mode."""

    def __init__(self, *, available: bool = True) -> None:
        self._values: dict[str, str] = {}
        self._available = available

    def available(self) -> bool:
        return self._available

    def get(self, name: str) -> str | None:
        return self._values.get(name)

    def set(self, name: str, value: str) -> None:
        if not self._available:
            raise SecretStoreUnavailable("No secret storage is available.")
        self._values[name] = value

    def delete(self, name: str) -> None:
        self._values.pop(name, None)


class KeyringSecretStore:
    """The OS keyring (macOS Keychain, Windows Credential Locker, Secret Service)."""

    def __init__(self, service: str = SERVICE_NAME) -> None:
        self._service = service

    def available(self) -> bool:
        try:
            import keyring
            from keyring.backends import chainer, fail

            backend = keyring.get_keyring()
        except Exception:  # a broken backend must not stop the app
            log.warning("keyring could not be loaded", exc_info=True)
            return False
        if isinstance(backend, fail.Keyring):
            return False
        if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
            return False
        return backend.priority > 0

    def get(self, name: str) -> str | None:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(self._service, name)
        except KeyringError as exc:
            raise SecretStoreUnavailable(
                f"The system keyring could not be read: {exc}",
                hint="Unlock your keychain / keyring and start PRM again.",
            ) from exc

    def set(self, name: str, value: str) -> None:
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(self._service, name, value)
        except KeyringError as exc:
            raise SecretStoreUnavailable(
                f"The system keyring refused to store PRM's key: {exc}"
            ) from exc

    def delete(self, name: str) -> None:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(self._service, name)
        except (PasswordDeleteError, KeyringError):
            pass
