"""Counting and metric definitions, one module per layer."""
