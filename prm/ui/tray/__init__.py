"""PRM in the system tray: the reach-out count on its icon, a menu, and the day's notices."""
