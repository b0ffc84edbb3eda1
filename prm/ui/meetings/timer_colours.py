"""The meeting timer's colours, shared by the meeting window and the mini timer:
amber, then red, then white on red once the meeting runs over."""

from __future__ import annotations

from prm.core.meeting_timer import Phase

PHASE_COLOURS = {Phase.AMBER: "#c77700", Phase.RED: "#c62828", Phase.OVERRUN: "#ffffff"}
OVERRUN_BACKGROUND = "#c62828"
