"""The key lifecycle's dialogs, driven from the keyboard as a user would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from prm.core import key_admin
from prm.core.errors import KnownError
from prm.core.store_header import PASSPHRASE
from prm.core.store_keys import RECOVERY, SecretNeededError, secret_from_text
from prm.ui.store.key_dialogs import ChooseProtectionDialog, RecoveryKeyDialog, UnlockDialog
from prm.ui.store.long_step import run_showing_progress


def test_choosing_a_passphrase_checks_length_and_repeat(qtbot):
    dialog = ChooseProtectionDialog("No keyring here.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.fields.first, "short")
    qtbot.keyClick(dialog.fields.first, Qt.Key.Key_Return)
    assert dialog.isVisible() and "at least 8" in dialog.fields.problem.text()
    dialog.fields.first.setText("long enough passphrase")
    qtbot.keyClicks(dialog.fields.second, "long enough passphrasf")
    qtbot.keyClick(dialog.fields.second, Qt.Key.Key_Return)
    assert dialog.isVisible() and "differ" in dialog.fields.problem.text()
    dialog.fields.second.setText("long enough passphrase")
    qtbot.keyClick(dialog.fields.second, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.passphrase == "long enough passphrase"


def test_no_encryption_must_be_chosen_explicitly(qtbot):
    dialog = ChooseProtectionDialog("No keyring here.")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.use_passphrase.isChecked()  # the default protects
    dialog.no_encryption.setChecked(True)
    assert not dialog.fields.isEnabled()
    dialog.create.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.passphrase is None


def test_the_recovery_key_dialog_needs_a_confirmation_the_first_time(qtbot):
    dialog = RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567", first_time=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Escape must not skip the one showing
    dialog.confirm.setChecked(True)
    assert dialog.ok.isEnabled()
    dialog.ok.click()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_recovery_key_can_be_copied(qtbot, qapp):
    key = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    dialog = RecoveryKeyDialog(key, first_time=False)
    qtbot.addWidget(dialog)
    copy = next(b for b in dialog.findChildren(type(dialog.ok)) if b.text() == "&Copy")
    copy.click()
    assert qapp.clipboard().text() == key


def test_unlock_dialog_reads_passphrase_or_recovery_key(qtbot):
    exc = SecretNeededError("Locked.", accepts=(PASSPHRASE, RECOVERY))
    dialog = UnlockDialog(exc, accepts_passphrase=True, problem="That passphrase is wrong.")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.problem.isVisible() and "wrong" in dialog.problem.text()
    qtbot.keyClicks(dialog.secret, "abcd efgh ijkl mnop qrst uvwx yz23 4567")
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    unlock = secret_from_text(dialog.text(), exc.accepts)
    assert unlock.recovery_key == "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"
    assert secret_from_text("my passphrase", exc.accepts).passphrase == "my passphrase"


def test_data_protection_shows_the_recovery_key_after_a_yes(qtbot, tasks, ctx, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from prm.ui.store import protection_dialog

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(
        protection_dialog,
        "RecoveryKeyDialog",
        lambda key, **kw: type("D", (), {"exec": lambda self: shown.append(key)})(),
    )
    dialog = protection_dialog.DataProtectionDialog(tasks, ctx)
    qtbot.addWidget(dialog)
    assert "keyring" in dialog.status.text()
    dialog.show_key.click()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [key_admin.show_recovery_key(ctx.store)]


def test_data_protection_moves_the_key_behind_a_passphrase(qtbot, tasks, ctx, monkeypatch):
    from prm.ui.store import protection_dialog

    monkeypatch.setattr(protection_dialog, "ask_new_passphrase", lambda parent: "new passphrase!")
    dialog = protection_dialog.DataProtectionDialog(tasks, ctx)
    qtbot.addWidget(dialog)
    dialog.passphrase.click()
    qtbot.waitUntil(lambda: "asks for your passphrase" in dialog.status.text())
    assert ctx.store.header.protection == PASSPHRASE
    assert dialog.passphrase.text() == "Change &passphrase…"


def test_wrong_passphrase_does_not_show_the_recovery_key(qtbot, tasks, ctx, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from prm.ui.store import protection_dialog

    key_admin.set_passphrase(ctx.store, ctx.secrets, "right passphrase")
    errors: list[KnownError] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("wrong passphrase", True))
    monkeypatch.setattr(
        protection_dialog, "show_known_error", lambda parent, exc: errors.append(exc)
    )
    dialog = protection_dialog.DataProtectionDialog(tasks, ctx)
    qtbot.addWidget(dialog)
    assert not dialog._confirm_it_is_you("Show the recovery key")
    assert "does not unlock" in errors[0].message


def test_encrypting_a_plain_store_between_windows(qtbot, paths, clock, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from prm.core.context import AppContext
    from prm.core.secrets import MemorySecretStore
    from prm.core.store_header import PLAIN
    from prm.core.store_open import NewStore, open_store
    from prm.ui.common.tasks import Tasks
    from prm.ui.store import protection_dialog
    from prm.ui.store.between_windows import EncryptStore

    keyring = MemorySecretStore()
    store = open_store(paths, keyring, new=NewStore(PLAIN))
    home = AppContext(store, clock, keyring)
    tasks = Tasks(home)
    try:
        dialog = protection_dialog.DataProtectionDialog(tasks, home)
        qtbot.addWidget(dialog)
        assert "Not encrypted" in dialog.status.text()
        assert not dialog.encrypt.isHidden() and dialog.show_key.isHidden()
        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Ok)
        dialog.encrypt.click()
        assert dialog.encrypt_request == EncryptStore("keyring")
    finally:
        tasks.shutdown()
        store.close()

    class Tell:
        keys: list[str] = []

        def show_error(self, exc):
            raise AssertionError(exc)

        def show_recovery_key(self, key):
            self.keys.append(key)

        def run_long(self, what, step):
            return run_showing_progress(what, step)

    tell = Tell()
    dialog.encrypt_request.run(paths, None, keyring, tell)
    assert len(tell.keys) == 1
    reopened = open_store(paths, keyring)
    assert reopened.encrypted
    reopened.close()
