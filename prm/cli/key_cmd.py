"""``prm key ...``: how the store's key is protected, and the recovery key."""

from __future__ import annotations

import argparse
import sys

from prm.cli.common import app_context, print_json
from prm.cli.unlock import ask_new_passphrase, interactive
from prm.core import key_admin
from prm.core.errors import KnownError
from prm.core.keywrap import recovery_key_notice
from prm.core.paths import AppPaths
from prm.core.secrets import KeyringSecretStore, SecretStore
from prm.core.store_header import KEYRING, PASSPHRASE, PLAIN
from prm.core.store_keys import RECOVERY, secret_from_text, unlock_from_env
from prm.core.store_open import NewStore, open_store


def register(commands: argparse._SubParsersAction) -> None:
    key = commands.add_parser("key", help="encryption: passphrase, keyring, recovery key")
    sub = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)

    status = sub.add_parser("status", help="how the data is protected")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=run_status)

    init = sub.add_parser("init", help="create the store with a chosen protection")
    how = init.add_mutually_exclusive_group()
    how.add_argument(
        "--passphrase",
        action="store_true",
        help="protect the key with a passphrase (asked, or PRM_PASSPHRASE)",
    )
    how.add_argument("--plain", action="store_true", help="store the data UNENCRYPTED")
    init.set_defaults(handler=run_init)

    show = sub.add_parser("show-recovery", help="show the recovery key (asks to confirm)")
    show.add_argument("--yes", action="store_true", help="do not ask to confirm")
    show.set_defaults(handler=run_show_recovery)

    renew = sub.add_parser(
        "new-recovery", help="make a new recovery key; the old one stops working"
    )
    renew.add_argument("--yes", action="store_true", help="do not ask to confirm")
    renew.set_defaults(handler=run_new_recovery)

    change = sub.add_parser(
        "set-passphrase", help="protect the key with a new passphrase instead of the keyring"
    )
    change.set_defaults(handler=run_set_passphrase)

    keyring = sub.add_parser("use-keyring", help="keep the key in the system keyring again")
    keyring.set_defaults(handler=run_use_keyring)

    encrypt = sub.add_parser("encrypt", help="encrypt data that is stored unencrypted")
    encrypt.add_argument(
        "--passphrase",
        action="store_true",
        help="protect the key with a passphrase instead of the keyring",
    )
    encrypt.set_defaults(handler=run_encrypt)


def run_status(args: argparse.Namespace, secrets: SecretStore | None) -> int:
    with app_context(args, secrets) as ctx:
        status = key_admin.key_status(ctx.store, ctx.secrets)
    data = {
        "store_id": status.store_id,
        "protection": status.protection,
        "created_at": status.created_at,
        "key_in_keyring": status.in_keyring,
        "recovery_key": status.has_recovery_key,
    }
    if args.json:
        print_json(data)
    else:
        for name, value in data.items():
            print(f"{name.replace('_', ' '):<15} {value}")
    return 0


def run_init(args: argparse.Namespace, secrets: SecretStore | None) -> int:
    from prm.cli.unlock import show_recovery_key_once

    paths = AppPaths.resolve(args.data_dir)
    secrets = secrets or KeyringSecretStore()
    if paths.header.exists() or paths.database.exists():
        raise KnownError(f"{paths.data_dir} already holds a PRM store; nothing was changed.")
    if args.plain:
        new = NewStore(PLAIN)
    elif args.passphrase:
        passphrase = unlock_from_env().passphrase
        if passphrase is None:
            if not interactive():
                raise KnownError("No passphrase: set PRM_PASSPHRASE or run in a terminal.")
            passphrase = ask_new_passphrase()
        new = NewStore(PASSPHRASE, passphrase)
    else:
        new = NewStore(KEYRING)
    store = open_store(paths, secrets, new=new)
    try:
        show_recovery_key_once(store)
        print(f"Created a PRM store in {paths.data_dir} ({_describe(new.protection)}).")
    finally:
        store.close()
    return 0


def _describe(protection: str) -> str:
    return {
        KEYRING: "encrypted, key in the system keyring",
        PASSPHRASE: "encrypted, key behind your passphrase",
        PLAIN: "NOT encrypted",
    }[protection]


def _reauthenticate(ctx, yes: bool, action: str) -> None:
    """Showing or replacing secrets needs the user, not just the keyring."""
    header = ctx.store.header
    if header is not None and header.protection == PASSPHRASE:
        unlock = unlock_from_env()
        if unlock.passphrase is None and unlock.recovery_key is None:
            if not interactive():
                raise KnownError("Set PRM_PASSPHRASE or run in a terminal to confirm it is you.")
            import getpass

            unlock = secret_from_text(
                getpass.getpass("Passphrase (or recovery key): "), (PASSPHRASE, RECOVERY)
            )
        key_admin.verify_secret(ctx.store, unlock)
        return
    if yes:
        return
    if not interactive():
        raise KnownError(f"Confirm with --yes to {action}.")
    answer = input(
        f"{action[0].upper()}{action[1:]}? Anyone who sees it can open your data. [y/N] "
    )
    if answer.strip().lower() not in ("y", "yes"):
        raise KnownError("Nothing was shown or changed.")


def run_show_recovery(args: argparse.Namespace, secrets: SecretStore | None) -> int:
    with app_context(args, secrets) as ctx:
        _reauthenticate(ctx, args.yes, "show the recovery key")
        print(key_admin.show_recovery_key(ctx.store))
    return 0


def run_new_recovery(args: argparse.Namespace, secrets: SecretStore | None) -> int:
    with app_context(args, secrets) as ctx:
        _reauthenticate(ctx, args.yes, "replace the recovery key")
        key = key_admin.replace_recovery_key(ctx.store)
        print(key)
    print(
        "prm: the old recovery key no longer opens this store; keep the new one safe.",
        file=sys.stderr,
    )
    return 0


def run_set_passphrase(args: argparse.Namespace, secrets: SecretStore | None) -> int:
    with app_context(args, secrets) as ctx:
        header = ctx.store.header
        if header is not None and header.protection == PASSPHRASE:
            _reauthenticate(ctx, False, "change the passphrase")
        new = _new_passphrase_from_env_or_prompt()
        key_admin.set_passphrase(ctx.store, ctx.secrets, new)
    print("The key is now protected by your passphrase.")
    return 0


def _new_passphrase_from_env_or_prompt() -> str:
    import os

    new = os.environ.get("PRM_NEW_PASSPHRASE")
    if new:
        return new
    if not interactive():
        raise KnownError("Set PRM_NEW_PASSPHRASE or run in a terminal to choose the passphrase.")
    return ask_new_passphrase()


def run_use_keyring(args: argparse.Namespace, secrets: SecretStore | None) -> int:
    with app_context(args, secrets) as ctx:
        key_admin.use_keyring(ctx.store, ctx.secrets)
    print("The key is now kept in the system keyring; no passphrase is asked any more.")
    return 0


def run_encrypt(args: argparse.Namespace, secrets: SecretStore | None) -> int:
    from prm.core.store_encrypt import encrypt_store

    paths = AppPaths.resolve(args.data_dir)
    secrets = secrets or KeyringSecretStore()
    with app_context(args, secrets):
        pass  # opens (and upgrades) the store once, so its header exists and it is healthy
    passphrase = None
    if args.passphrase or not secrets.available():
        passphrase = unlock_from_env().passphrase
        if passphrase is None:
            if not interactive():
                raise KnownError(
                    "No trustworthy keyring and no passphrase: set PRM_PASSPHRASE or run "
                    "in a terminal."
                )
            passphrase = ask_new_passphrase()
    protection = PASSPHRASE if passphrase else KEYRING
    recovery = encrypt_store(paths, secrets, protection=protection, passphrase=passphrase)
    print(recovery_key_notice(recovery), file=sys.stderr)
    print(f"Your PRM data is now encrypted ({_describe(protection)}).")
    return 0
