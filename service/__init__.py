"""The childindex service: settings, the graph store and its engines, the HTTP API and the CLI."""
