"""Tooling for tests and benchmarks (the app server and headless Chromium); never imported by the app."""
