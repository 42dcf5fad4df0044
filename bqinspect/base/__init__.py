"""The base layer: refusals, progress and cancel, the clock, paths and shipped resources."""
