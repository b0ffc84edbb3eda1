"""Send the article itself: a mail draft in the user's mail program, or the link
on the clipboard. Sharing records that it was sent; this is the sending."""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication


def mail_draft_url(title: str, link: str, to: list[str]) -> QUrl:
    """``mailto:`` with the addresses, the title as subject and the link in the body."""
    recipients = ",".join(quote(address, safe="@") for address in to)
    body = f"{title}\n\n{link}"
    query = f"subject={quote(title, safe='')}&body={quote(body, safe='')}"
    return QUrl.fromEncoded(f"mailto:{recipients}?{query}".encode("ascii"))


def open_mail_draft(title: str, link: str, to: list[str]) -> bool:
    return QDesktopServices.openUrl(mail_draft_url(title, link, to))


def copy_link(link: str) -> None:
    QGuiApplication.clipboard().setText(link)
