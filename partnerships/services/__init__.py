"""Writes of the partnerships app, one module per part of the domain."""
