"""Synthetic national-scale dataset and end-to-end benchmark (issue 11): `bench/generate`, `bench/run`."""
