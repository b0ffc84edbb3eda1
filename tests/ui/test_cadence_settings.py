"""Cadence: tiers and tag tiers in settings, and a contact's own rhythm in the editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from prm.core import cadence, contacts
from prm.ui.touches.cadence_fields import FOLLOW_TAGS, CadenceFields
from prm.ui.touches.cadence_settings_dialog import CadenceSettingsDialog


def _tiers(store) -> dict[str, tuple[int | None, int | None]]:
    with store.reading() as session:
        return {t.name: (t.target_days, t.max_days) for t in cadence.list_tiers(session)}


def _tier_id(store, name: str) -> int:
    with store.reading() as session:
        return cadence.tier_named(session, name=name).id


def _rhythm(store, contact_id: int) -> tuple[int | None, int | None]:
    with store.reading() as session:
        c = contacts.get_contact(session, contact_id=contact_id)
        return c.cadence_target_days, c.cadence_max_days


@pytest.fixture
def settings_dialog(qtbot, tasks):
    def open_() -> CadenceSettingsDialog:
        dialog = CadenceSettingsDialog(tasks)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return open_


def test_changing_a_tier_and_a_tags_tier_is_saved(
    qtbot, settings_dialog, add_contact, store, wait_idle
):
    vip = add_contact("Vera", "Ip", tags=["VIP"])
    client = add_contact("Cleo", "Client", tags=["Client"])
    with store.transaction() as session:
        cadence.set_tag_tier(session, tag_name="Client", tier_id=_tier_id(store, "Clients"))
    dialog = settings_dialog()
    clients = dialog.tier_rows[_tier_id(store, "Clients")]
    clients.target.setValue(10)
    clients.most.setValue(15)
    vip_combo = dialog.tag_combos["VIP"]
    assert vip_combo.currentText() == "No tier"
    vip_combo.setCurrentIndex(vip_combo.findText("Inner circle"))
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle()

    assert _tiers(store)["Clients"] == (10, 15)
    with store.reading() as session:
        assert cadence.tag_tiers(session)["VIP"] == _tier_id(store, "Inner circle")
    assert _rhythm(store, vip) == (14, 21)  # contacts follow at once
    assert _rhythm(store, client) == (10, 15)
    assert not dialog.isVisible()


def test_a_maximum_shorter_than_the_target_is_refused_inline_and_nothing_is_saved(
    qtbot, settings_dialog, add_contact, store, wait_idle
):
    add_contact("Vera", tags=["VIP"])
    dialog = settings_dialog()
    clients = dialog.tier_rows[_tier_id(store, "Clients")]
    network = dialog.tier_rows[_tier_id(store, "Network")]
    network.name.setText("Wider network")  # a valid change in the same save
    clients.target.setValue(20)
    clients.most.setValue(10)
    dialog.tag_combos["VIP"].setCurrentIndex(1)
    dialog.save()
    wait_idle()

    assert clients.error.isVisible()
    assert "cannot be shorter than the target" in clients.error.text()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert (clients.target.value(), clients.most.value()) == (20, 10)  # the typing stays
    assert network.name.text() == "Wider network"
    assert _tiers(store)["Clients"] == (30, 45)  # all or nothing
    assert "Wider network" not in _tiers(store)
    with store.reading() as session:
        assert cadence.tag_tiers(session)["VIP"] is None

    clients.most.setValue(30)
    assert not clients.error.isVisible()
    with qtbot.waitSignal(dialog.changed):
        dialog.save()
    wait_idle()
    assert _tiers(store)["Clients"] == (20, 30)
    assert "Wider network" in _tiers(store)


def test_a_tier_without_a_target_means_no_cadence(qtbot, settings_dialog, store, wait_idle):
    dialog = settings_dialog()
    network = dialog.tier_rows[_tier_id(store, "Network")]
    network.target.setValue(0)
    assert network.target.text() == "No cadence" and network.most.value() == 0
    network.target.setValue(40)  # a target again: a maximum is suggested
    assert network.most.value() == 60
    network.target.setValue(0)
    with qtbot.waitSignal(dialog.changed):
        dialog.save()
    wait_idle()
    assert _tiers(store)["Network"] == (None, None)


def test_two_tiers_with_one_name_are_refused_and_nothing_is_saved(
    qtbot, settings_dialog, store, wait_idle
):
    dialog = settings_dialog()
    row = dialog.tier_rows[_tier_id(store, "Network")]
    row.name.setText("clients")
    dialog.save()
    wait_idle()
    assert "Another tier is called" in row.error.text() and row.error.isVisible()
    assert dialog.isVisible()
    assert "clients" not in _tiers(store)


def test_cadence_fields_round_trip_and_show_errors(qtbot, tasks, store):
    fields = CadenceFields(tasks)
    qtbot.addWidget(fields)
    fields.show()
    assert fields.tier.itemText(0) == FOLLOW_TAGS
    assert fields.values() == (None, None)
    assert "tags decides" in fields.hint.text()
    inner = _tier_id(store, "Inner circle")
    fields.set_values(inner, None)
    assert fields.values() == (inner, None)
    assert "every 14 days" in fields.hint.text()
    fields.set_values(None, 45)
    assert fields.override.isChecked() and fields.days.isEnabled()
    assert fields.values() == (None, 45)
    fields.override.setChecked(False)
    assert fields.values() == (None, None) and not fields.days.isEnabled()
    fields.override.setChecked(True)
    fields.show_error("Keep in touch every 1 to 3650 days.")
    assert fields.error.isVisible()
    fields.days.setValue(12)
    assert not fields.error.isVisible()
    assert fields.values() == (None, 12)
    assert fields.days.maximum() == 3650 and fields.days.minimum() == 1
