"""The HTTP API: app factory, dependencies, routes, and the one error handler."""
