"""Before Qt starts: is there a screen, and are the system libraries Qt's Linux
window plugin needs installed?

Without this, a minimal Linux only gets Qt's "no Qt platform plugin could be
initialized … Reinstalling the application may fix this problem", which names
nothing the user can act on. PRM names the missing libraries and the command
that installs them instead, and exits with code 2.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Mapping

# The shared libraries Qt's xcb plugin loads, and the Debian/Ubuntu package of each.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}
# Platforms that need no window system (tests, remote use).
HEADLESS = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs"}


def missing_libraries(libraries: Mapping[str, str] = XCB_LIBRARIES) -> list[str]:
    """The packages whose libraries cannot be loaded."""
    missing = []
    for soname, package in libraries.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(package)
    return missing


def platform_problem(
    environ: Mapping[str, str], *, platform: str = sys.platform,
    missing: list[str] | None = None,
) -> str | None:  # fmt: skip
    """What stops the window from opening here, in words a user can act on; None if nothing."""
    if not platform.startswith("linux"):
        return None
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if chosen in HEADLESS:
        return None
    wayland = chosen.startswith("wayland") or (not chosen and environ.get("WAYLAND_DISPLAY"))
    if not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        return (
            "PRM cannot open its window: no display is set (neither DISPLAY nor "
            "WAYLAND_DISPLAY). Start it from a desktop session, or use the command line "
            "(`prm --help`)."
        )
    if wayland:
        return None  # Qt's Wayland plugin comes with the libraries it needs
    missing = missing_libraries() if missing is None else missing
    if not missing:
        return None
    return (
        "PRM cannot open its window: these system libraries are missing: "
        f"{', '.join(missing)}.\n"
        f"Install them, e.g.: sudo apt-get install {' '.join(missing)}"
    )
