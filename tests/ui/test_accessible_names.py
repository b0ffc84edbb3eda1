"""Every control a keyboard or a screen reader reaches has a name: its own text, an
accessible name, or a label whose buddy it is. Walks the whole window, each section
on screen in turn, as the user would open them."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)
# Named through their owner: a combo's list, a spin box's or search field's parts.
OWNERS = (QComboBox, QAbstractSpinBox, QLineEdit)


def _qt_part(widget: QWidget) -> bool:
    """Qt's own pieces: headers (named by their columns), a table's corner button."""
    if isinstance(widget, (QScrollBar, QHeaderView)):
        return True
    if type(widget) is QAbstractButton and isinstance(widget.parent(), QAbstractItemView):
        return True
    parent = widget.parent()
    while parent is not None:
        if isinstance(parent, OWNERS):
            return True
        parent = parent.parent()
    return False


def _name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    name = iface.text(QAccessible.Text.Name) if iface is not None else ""
    return (name or widget.accessibleName()).strip()


def nameless(root: QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if _qt_part(widget) or _name(widget):
            continue
        path, parent = [type(widget).__name__], widget.parent()
        while parent is not None and parent is not root and len(path) < 4:
            path.append(type(parent).__name__)
            parent = parent.parent()
        found.append(" < ".join(path))
    return found


def test_every_control_of_every_section_has_a_name(store, clock, make_window, wait_idle):
    from datetime import timedelta

    from prm.core import contacts
    from prm.core.drafts import ContactDraft
    from prm.core.touches import TouchDraft, log_touch

    with store.transaction() as s:  # something in each list, a card on screen
        for given in ("Ada", "Bob"):
            cid = contacts.create_contact(
                s, draft=ContactDraft(given_name=given, cadence_tier_id=1), clock=clock
            ).id
            log_touch(s, draft=TouchDraft([cid], "email", direction="in", needs_reply=True,
                                          occurred_at=clock.now() - timedelta(days=30)),
                      clock=clock)  # fmt: skip
    window = make_window()
    window.contacts_view.show_contact(cid)
    wait_idle()
    missing: set[str] = set()
    for key in window.sections:
        window.sidebar.select(key)
        wait_idle()
        missing.update(f"{key}: {path}" for path in nameless(window))
    assert sorted(missing) == [], "\n".join(sorted(missing))
