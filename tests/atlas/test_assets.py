"""Offline assets: installed from the wheels, every folium link local, standalone pages self-contained."""
import re

import folium
import pytest
from folium.plugins import MarkerCluster

from atlas import assets, settings

LINK = re.compile(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"')


@pytest.fixture(scope="module")
def vendor(tmp_path_factory):
    return assets.install_assets(tmp_path_factory.mktemp("static") / "vendor")


def test_install_copies_every_linked_file(vendor):
    for relative in (*assets.LOCAL_JS.values(), *assets.LOCAL_CSS.values()):
        assert (vendor / relative).is_file(), relative
    assert (vendor / "leaflet" / "images" / "layers.png").is_file()
    assert not (vendor / "font-awesome" / "less").exists()   # only what a page needs


def test_install_is_idempotent_and_repairs(vendor):
    leaflet_js = vendor / assets.LOCAL_JS["leaflet"]
    before = leaflet_js.stat().st_mtime_ns
    assert assets.install_assets(vendor) == vendor
    assert leaflet_js.stat().st_mtime_ns == before      # nothing copied the second time
    (vendor / assets.STAMP_NAME).write_text("{}")      # a stale stamp (e.g. a package upgrade) re-installs
    assets.install_assets(vendor)
    assert leaflet_js.is_file() and (vendor / assets.STAMP_NAME).read_text() != "{}"


@pytest.mark.parametrize("add_layer", [
    lambda m: folium.CircleMarker([33.5, 36.3], radius=4).add_to(m),
    lambda m: folium.PolyLine([[33.5, 36.3], [35.9, 36.6]]).add_to(m),
    lambda m: MarkerCluster().add_to(m),
    lambda m: folium.Marker([33.5, 36.3], icon=folium.DivIcon(html="<b>x</b>")).add_to(m),
])
def test_rendered_map_links_only_local_files(add_layer, monkeypatch):
    monkeypatch.setenv("ATLAS_STATIC_URL", "/app/static/vendor")
    m = assets.offline_map(location=[33.5, 36.3], zoom_start=7)
    add_layer(m)
    links = LINK.findall(m.get_root().render())
    assert links, "a map links at least Leaflet"
    assert all(url.startswith("/app/static/vendor/") for url in links), links
    assert "/app/static/vendor/leaflet/leaflet.js" in links
    # The class-level CDN lists stay untouched (other code may build plain folium maps).
    assert folium.Map.default_js[0][1].startswith("https://")


def test_static_url_follows_the_setting_handed_down():
    config = settings.resolve(environ={"ATLAS_STATIC_URL": "/elsewhere/assets/"}, secrets={})
    m = assets.offline_map(static_url=config["ATLAS_STATIC_URL"])
    assert ("leaflet", "/elsewhere/assets/leaflet/leaflet.js") in m.default_js


def test_element_without_offline_copy_is_refused():
    class CdnPlugin(folium.elements.JSCSSMixin):
        default_js = [("someplugin", "https://cdn.example.org/plugin.js")]
    m = assets.offline_map()
    m.add_child(CdnPlugin())
    with pytest.raises(assets.AssetError, match="someplugin"):
        m.get_root().render()


def test_standalone_html_has_no_external_links(vendor):
    m = assets.offline_map(location=[33.5, 36.3], zoom_start=7)
    folium.CircleMarker([33.5, 36.3], radius=4).add_to(m)
    MarkerCluster().add_to(m)
    page = assets.standalone_html(m, vendor_dir=vendor)
    assert LINK.findall(page) == []
    leaflet_source = (vendor / assets.LOCAL_JS["leaflet"]).read_text(encoding="utf-8")
    assert leaflet_source[:200] in page
    assert 'url("data:image/png;base64,' in page        # Leaflet's control images travel inside the page
    assert "L.circleMarker" in page


@pytest.mark.parametrize("html", [
    '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>',
    '<link rel="stylesheet" href="https://example.org/x.css"/>',
])
def test_inline_refuses_remote_links(vendor, html):
    with pytest.raises(assets.AssetError, match="network"):
        assets.inline_assets(html, vendor_dir=vendor)


def test_inline_refuses_paths_outside_vendor(vendor):
    with pytest.raises(assets.AssetError):
        assets.inline_assets('<script src="/app/static/vendor/../../../etc/passwd"></script>', vendor_dir=vendor)
