"""PRM in the system tray: the reach-out count on its icon, a menu, and the day's notices."""

# Read before the window shows (app.run), so it lives where importing costs nothing.
START_IN_TRAY_KEY = "tray/start_minimised"
