"""PRM's benchmarks: ``python -m benchmarks`` measures every speed budget of
shared/DESIGN.md §4 against its floor (see README, Performance)."""
