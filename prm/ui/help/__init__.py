"""The Help menu: keyboard shortcuts, getting started, About PRM."""
