"""Light, dark, or the system's: applied at once and remembered."""

from __future__ import annotations

from prm.ui.common.palette import is_dark
from prm.ui.common.theme import DARK, LIGHT, SETTINGS_KEY, SYSTEM


def test_view_menu_forces_dark_and_light_and_remembers(qapp, window, settings):
    window.actions.themes[DARK].trigger()
    assert is_dark(qapp.palette())
    assert settings.value(SETTINGS_KEY) == DARK
    assert window.actions.themes[DARK].isChecked()

    window.actions.themes[LIGHT].trigger()
    assert not is_dark(qapp.palette())
    assert settings.value(SETTINGS_KEY) == LIGHT


def test_system_is_the_default(window):
    assert window.theme.mode == SYSTEM
    assert window.actions.themes[SYSTEM].isChecked()


def test_the_window_comes_back_in_the_chosen_theme(qapp, make_window, settings, theme):
    make_window().actions.themes[DARK].trigger()
    theme.apply(str(settings.value(SETTINGS_KEY)))  # what app.run does before the window
    second = make_window()
    assert second.actions.themes[DARK].isChecked()
    assert is_dark(qapp.palette())


def test_icons_follow_the_theme(qapp, window):
    def icon_colour():
        image = window.actions.new_contact.icon().pixmap(24, 24).toImage()
        return max(
            (image.pixelColor(x, y) for x in range(24) for y in range(24)),
            key=lambda c: c.alpha(),
        ).lightness()

    window.set_theme(LIGHT)
    light = icon_colour()
    window.set_theme(DARK)
    dark = icon_colour()
    assert light < 100 < dark  # dark strokes on light, light strokes on dark


def test_a_hint_made_without_a_parent_stays_readable(qtbot, theme):
    from PySide6.QtGui import QGuiApplication, QPalette

    from prm.ui.common.palette import muted_color
    from prm.ui.widgets.form_fields import HintLabel

    hint = HintLabel("Shown under the field")
    qtbot.addWidget(hint)
    for _ in range(3):  # palette changes used to fade it a little more each time
        hint.setPalette(hint.palette())
    expected = muted_color(QGuiApplication.palette())
    assert hint.palette().color(QPalette.ColorRole.WindowText) == expected


def test_a_status_dot_keeps_its_colour_on_a_selected_row(qapp):
    from PySide6.QtGui import QColor, QIcon

    from prm.ui.common.palette import status_dot

    icon = status_dot(QColor("#d03030"))
    normal = icon.pixmap(12, 12, QIcon.Mode.Normal).toImage().pixelColor(6, 6)
    selected = icon.pixmap(12, 12, QIcon.Mode.Selected).toImage().pixelColor(6, 6)
    assert selected == normal
