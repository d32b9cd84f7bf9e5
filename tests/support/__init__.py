"""Helpers shared by the tests (sample data, the browser harness, store faults): a package of its own,
so that no test module imports another test module or a conftest."""
