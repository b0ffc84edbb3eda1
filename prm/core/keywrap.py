"""The data key, and the secrets that can unlock it: passphrases and the recovery key.

A store is encrypted with a random 256-bit *data key* that never changes. The
key is kept in the OS keyring and, so that losing the keyring never loses the
data, also *wrapped*: encrypted with AES-256-GCM under a key derived from the
recovery key (and, in passphrase mode, from the passphrase) with scrypt, from
the well-kept ``cryptography`` package. The wrapped copies live in the store's
plaintext header; without the secret they are useless.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import unicodedata
from dataclasses import dataclass

from prm.core.errors import KnownError

# What the wrapping is bound to, so a blob cannot be swapped for another purpose.
_WRAP_CONTEXT = b"prm data key v1"
_SEAL_CONTEXT = b"prm sealed text v1"
_RECOVERY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 base32: no 0/1/8/9
RECOVERY_KEY_LENGTH = 32  # characters: 160 random bits


class WrongSecretError(KnownError):
    """A passphrase or recovery key did not unlock the data key."""


@dataclass(frozen=True)
class KdfCost:
    """scrypt's work factors; stored beside each wrapped key, so they can grow later."""

    n: int
    r: int = 8
    p: int = 1


# A passphrase is a human choice: make each guess cost ~0.3 s and 128 MiB.
PASSPHRASE_COST = KdfCost(n=2**17)
# The recovery key is 160 random bits: guessing is hopeless, a light KDF suffices.
RECOVERY_COST = KdfCost(n=2**14)


def new_data_key() -> str:
    return secrets.token_hex(32)


def key_id(data_key: str) -> str:
    """A fingerprint that tells the right key from a wrong one without revealing it."""
    return hashlib.sha256(b"prm key id\x00" + bytes.fromhex(data_key)).hexdigest()[:16]


def new_recovery_key() -> str:
    """Eight groups of four letters and digits, easy to write down and to type."""
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_KEY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_KEY_LENGTH, 4))


def normalize_recovery_key(text: str) -> str:
    """Accept what a person types: any case, spaces or dashes, 0/1/8 misread as O/I/B."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    if len(cleaned) != RECOVERY_KEY_LENGTH or any(c not in _RECOVERY_ALPHABET for c in cleaned):
        raise WrongSecretError(
            "That is not a PRM recovery key: it has 32 letters and digits, "
            "shown in groups of four (ABCD-EFGH-…)."
        )
    return "-".join(cleaned[i : i + 4] for i in range(0, RECOVERY_KEY_LENGTH, 4))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _derive(secret: str, salt: bytes, cost: KdfCost) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    # NFC: the same passphrase typed on two keyboards gives the same bytes.
    material = unicodedata.normalize("NFC", secret).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=cost.n, r=cost.r, p=cost.p).derive(material)


def wrap_key(data_key: str, secret: str, cost: KdfCost) -> dict:
    """The data key encrypted under ``secret``, as JSON-ready fields."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_derive(secret, salt, cost)).encrypt(
        nonce, bytes.fromhex(data_key), _WRAP_CONTEXT
    )
    return {
        "kdf": "scrypt",
        "n": cost.n,
        "r": cost.r,
        "p": cost.p,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "ciphertext": _b64(sealed),
    }


def unwrap_key(wrapped: dict, secret: str, *, what: str) -> str:
    """The data key, or ``WrongSecretError`` naming ``what`` ("passphrase", "recovery key")."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        cost = KdfCost(n=int(wrapped["n"]), r=int(wrapped["r"]), p=int(wrapped["p"]))
        if wrapped.get("kdf") != "scrypt":
            raise ValueError(f"unknown key derivation {wrapped.get('kdf')!r}")
        kek = _derive(secret, _unb64(wrapped["salt"]), cost)
        plain = AESGCM(kek).decrypt(
            _unb64(wrapped["nonce"]), _unb64(wrapped["ciphertext"]), _WRAP_CONTEXT
        )
    except InvalidTag:
        raise WrongSecretError(f"That {what} does not unlock this store.") from None
    except (KeyError, ValueError, TypeError) as exc:
        raise KnownError(f"The store header's wrapped key is damaged ({exc}).") from exc
    return plain.hex()


def seal_text(data_key: str, text: str) -> dict:
    """``text`` encrypted under the data key (the recovery key, so it can be shown again)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = AESGCM(bytes.fromhex(data_key)).encrypt(nonce, text.encode("utf-8"), _SEAL_CONTEXT)
    return {"nonce": _b64(nonce), "ciphertext": _b64(sealed)}


def unseal_text(data_key: str, sealed: dict) -> str:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        plain = AESGCM(bytes.fromhex(data_key)).decrypt(
            _unb64(sealed["nonce"]), _unb64(sealed["ciphertext"]), _SEAL_CONTEXT
        )
    except (InvalidTag, KeyError, ValueError) as exc:
        raise KnownError("The recovery key stored in the header cannot be read.") from exc
    return plain.decode("utf-8")


def recovery_key_notice(recovery_key: str) -> str:
    """What a terminal shows, once, when a store gets its recovery key."""
    return (
        "\nprm: YOUR RECOVERY KEY (shown once):\n\n"
        f"        {recovery_key}\n\n"
        "     Write it down or keep it in a password manager. It opens your PRM data and\n"
        "     its backups if this computer's keyring or your passphrase is lost.\n"
        "     `prm key show-recovery` shows it again.\n"
    )
