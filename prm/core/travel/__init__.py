"""Travel: places, trips, who to see where, reaching people across time zones."""
