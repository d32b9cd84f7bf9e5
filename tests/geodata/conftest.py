"""Fixtures of the geodata tests: the shipped gazetteer, a geocoder, and a network guard."""
import socket

import pytest

from geodata.gazetteer import load_gazetteer
from geodata.geocoder import AtlasGeocoder


@pytest.fixture(scope="session")
def gazetteer():
    return load_gazetteer()


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test loudly."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def geocoder(gazetteer, no_network, monkeypatch):
    monkeypatch.delenv("ATLAS_ONLINE_GEOCODER", raising=False)
    return AtlasGeocoder(gazetteer)
