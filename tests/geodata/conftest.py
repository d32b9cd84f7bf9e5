"""Fixtures of the geodata tests: a geocoder and a network guard (the shipped gazetteer is tests/conftest.py's)."""
import socket

import pytest

from geodata.geocoder import AtlasGeocoder


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test loudly."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def geocoder(gazetteer, no_network, monkeypatch):
    return AtlasGeocoder(gazetteer)
