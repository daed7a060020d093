"""What the pages share: settings, local services, history store, inspector, timers."""
