"""Where the database key lives: the OS keyring in the app, memory in tests.

The key never goes into a file, a log or QSettings. Only a keyring that keeps
secrets encrypted counts as available: ``keyrings.alt``'s plaintext and
file-based backends, the null and fail backends are refused, and the user then
chooses a passphrase (or, explicitly, no encryption) instead.
"""

from __future__ import annotations

import contextlib
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


# Backends that keep secrets in a plain or weakly protected file, or nowhere.
_UNTRUSTED_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


def trustworthy_backend(backend: object) -> bool:
    """True for a keyring that keeps secrets encrypted (Keychain, Credential Locker,
    Secret Service, KWallet); never for files or no-op backends."""
    module = type(backend).__module__
    if module.startswith(_UNTRUSTED_MODULES):
        return False
    try:
        return float(backend.priority) > 0  # type: ignore[attr-defined]
    except Exception:  # a backend that cannot tell is not one to trust
        return False


class KeyringSecretStore:
    """The OS keyring (macOS Keychain, Windows Credential Locker, Secret Service)."""

    def __init__(self, service: str = SERVICE_NAME) -> None:
        self._service = service

    def available(self) -> bool:
        try:
            import keyring
            from keyring.backends import chainer

            backend = keyring.get_keyring()
            candidates = (
                list(backend.backends) if isinstance(backend, chainer.ChainerBackend) else [backend]
            )
            # The chainer writes to its highest-priority backend first: that one must be safe.
            return bool(candidates) and trustworthy_backend(candidates[0])
        except Exception:  # a broken backend must not stop the app
            log.warning("keyring could not be loaded", exc_info=True)
            return False

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

        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(self._service, name)
