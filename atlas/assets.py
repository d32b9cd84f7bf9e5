"""Leaflet and its plugins without a network: installed from pip packages, served by the app.

A default folium map pulls Leaflet, jQuery, Bootstrap and Font Awesome from public CDNs and stays
blank offline. Here the same files come from wheels (django-js-lib-leaflet, XStatic packages), are
copied once into ``static/vendor/`` (gitignored; Streamlit serves ``./static`` at ``/app/static``)
and every folium element's ``default_js`` / ``default_css`` is pointed at them. For files that leave
the app (HTML exports, PNG snapshots) :func:`inline_assets` puts the same files inside the page.
"""
from __future__ import annotations

import base64
import importlib
import importlib.metadata
import json
import mimetypes
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import folium
from branca.element import Element

from atlas import settings

VENDOR_DIR = settings.PROJECT_ROOT / "static" / "vendor"
STAMP_NAME = ".installed.json"


class AssetError(RuntimeError):
    """An asset is missing or an element wants a file we cannot serve offline."""


@dataclass(frozen=True)
class Bundle:
    """One pip package whose static files we serve under ``vendor/<folder>``."""

    folder: str
    module: str          # importable module holding the files
    subdir: str          # folder below the module ("" = XStatic BASE_DIR)
    distribution: str    # pip distribution name, for the version stamp
    keep: tuple[str, ...] = ()   # top-level entries to copy (empty = all)

    def source_dir(self) -> Path:
        module = importlib.import_module(self.module)
        if not self.subdir:
            return Path(module.BASE_DIR)
        return Path(module.__file__).resolve().parent / self.subdir

    def version(self) -> str:
        return importlib.metadata.version(self.distribution)


BUNDLES = (
    Bundle("leaflet", "js_lib_leaflet", "static/js_lib_leaflet", "django-js-lib-leaflet"),
    Bundle("font-awesome", "xstatic.pkg.font_awesome", "", "XStatic-Font-Awesome",
           keep=("css", "webfonts", "LICENSE.txt")),
    Bundle("markercluster", "xstatic.pkg.leaflet_markercluster", "", "XStatic-Leaflet-MarkerCluster"),
)

# folium's link names -> our files (relative to the vendor folder).
LOCAL_JS = {
    "leaflet": "leaflet/leaflet.js",
    "markerclusterjs": "markercluster/leaflet.markercluster.js",
}
LOCAL_CSS = {
    "leaflet_css": "leaflet/leaflet.css",
    "fontawesome_css": "font-awesome/css/all.min.css",
    "markerclustercss": "markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": "markercluster/MarkerCluster.Default.css",
}
# Links folium adds by default for awesome-markers icons, which our maps never use (they draw
# CircleMarkers and DivIcons), and jQuery, which only folium's popups and "keep in front" call (our maps have
# neither; a test renders every kind of map and looks for a call): dropped rather than served, so a map never
# reaches for them, and a 10,000-event page is 88 kB lighter.
UNUSED_LINKS = frozenset({
    "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css", "awesome_markers_css",
    "awesome_markers_font_css", "awesome_rotate_css", "jquery",
})


DEFAULT_STATIC_URL = settings.DEFAULTS["ATLAS_STATIC_URL"]
"""Where the app serves ``static/vendor`` (setting ATLAS_STATIC_URL, handed down by the app)."""


def install_assets(target: Path | None = None) -> Path:
    """Copy the bundles into ``target`` (default ``static/vendor``) unless already there.

    Idempotent and safe with several app processes: each bundle is copied to a temporary folder
    and renamed into place; a stamp with the package versions marks a finished install.
    """
    target = Path(target or VENDOR_DIR)
    wanted = {b.folder: b.version() for b in BUNDLES}
    stamp = target / STAMP_NAME
    if _read_stamp(stamp) == wanted and all((target / b.folder).is_dir() for b in BUNDLES):
        return target
    target.mkdir(parents=True, exist_ok=True)
    for bundle in BUNDLES:
        source = bundle.source_dir()
        if not source.is_dir():
            raise AssetError(f"{bundle.distribution}: files not found at {source}; is the package installed?")
        staging = Path(tempfile.mkdtemp(prefix=f".{bundle.folder}-", dir=target))
        try:
            ignore = None
            if bundle.keep:
                ignore = lambda folder, names, top=str(source), keep=bundle.keep: (  # noqa: E731
                    [n for n in names if n not in keep] if folder == top else [])
            shutil.copytree(source, staging / bundle.folder, ignore=ignore)
            final = target / bundle.folder
            shutil.rmtree(final, ignore_errors=True)
            try:
                os.rename(staging / bundle.folder, final)
            except OSError:
                if not final.is_dir():  # another process won the race only if the folder is there
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    stamp.write_text(json.dumps(wanted, sort_keys=True), encoding="utf-8")
    return target


def _read_stamp(stamp: Path):
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _local_links(element, attribute: str, local: dict[str, str], prefix: str) -> list[tuple[str, str]]:
    links = []
    for name, url in getattr(element, attribute, None) or []:
        if name in local:
            links.append((name, f"{prefix}/{local[name]}"))
        elif name in UNUSED_LINKS:
            continue
        elif url.startswith(prefix + "/"):
            links.append((name, url))
        else:
            raise AssetError(f"{type(element).__name__} needs {name!r} from {url}, which has no offline copy; "
                             "add it to atlas.assets or use another element")
    return links


def localize(root: Element, static_url: str | None = None) -> Element:
    """Point every element below ``root`` at the local asset URLs under ``static_url`` (default: the map's own,
    else the declared default), per instance, not per class."""
    prefix = (static_url or getattr(root, "static_url", None) or DEFAULT_STATIC_URL).rstrip("/")
    stack = [root]
    while stack:
        element = stack.pop()
        if getattr(element, "default_js", None) or getattr(element, "default_css", None):
            element.default_js = _local_links(element, "default_js", LOCAL_JS, prefix)
            element.default_css = _local_links(element, "default_css", LOCAL_CSS, prefix)
        stack.extend(getattr(element, "_children", {}).values())
    return root


class OfflineMap(folium.Map):
    """A folium map that localizes itself and its children (under its ``static_url``) each time it renders."""

    def render(self, **kwargs):
        localize(self)
        return super().render(**kwargs)


def offline_map(*, static_url: str = DEFAULT_STATIC_URL, **folium_kwargs) -> OfflineMap:
    """A folium map with no default tile layer and every asset link pointed at ``static_url`` (the app passes
    its setting ATLAS_STATIC_URL)."""
    folium_kwargs.setdefault("tiles", None)
    m = OfflineMap(**folium_kwargs)
    m.static_url = static_url.rstrip("/")
    return localize(m)


# -- standalone pages -----------------------------------------------------------------------
_SCRIPT_LINK = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>', re.IGNORECASE)
_CSS_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>', re.IGNORECASE)
_CSS_URL = re.compile(r"url\((?P<quote>['\"]?)(?P<ref>[^'\")]+)(?P=quote)\)")


def _vendor_file(url: str, vendor_dir: Path, prefix: str) -> Path | None:
    if not url.startswith(prefix + "/"):
        return None
    path = (vendor_dir / url[len(prefix) + 1:].split("?")[0]).resolve()
    if vendor_dir.resolve() not in path.parents:
        raise AssetError(f"{url} points outside the vendor folder")
    if not path.is_file():
        raise AssetError(f"{url}: no file at {path}; run install_assets()")
    return path


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    """The stylesheet with its images and fonts as data: URIs, so nothing is fetched."""
    def replace(match):
        ref = match.group("ref").strip()
        if ref.startswith(("data:", "#", "http:", "https:")):
            return match.group(0)
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if not target.is_file():
            return match.group(0)
        return f'url("{_data_uri(target)}")'
    return _CSS_URL.sub(replace, path.read_text(encoding="utf-8"))


def inline_assets(html: str, *, vendor_dir: Path | None = None, static_url: str = DEFAULT_STATIC_URL) -> str:
    """Replace links to local vendor files (under ``static_url``) by the files themselves; refuse any remaining
    CDN link."""
    vendor_dir = install_assets(vendor_dir)
    prefix = static_url.rstrip("/")

    def script(match):
        path = _vendor_file(match.group("url"), vendor_dir, prefix)
        if path is None:
            return match.group(0)
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>/* {path.name} */\n{code}\n</script>"

    def stylesheet(match):
        path = _vendor_file(match.group("url"), vendor_dir, prefix)
        if path is None:
            return match.group(0)
        return f"<style>/* {path.name} */\n{_inline_css(path)}\n</style>"

    html = _CSS_LINK.sub(stylesheet, _SCRIPT_LINK.sub(script, html))
    remote = [m.group("url") for pattern in (_SCRIPT_LINK, _CSS_LINK) for m in pattern.finditer(html)]
    if remote:
        raise AssetError(f"the page still links to files that need a network: {', '.join(remote)}")
    return html


def standalone_html(folium_map: folium.Map, *, vendor_dir: Path | None = None) -> str:
    """One self-contained HTML page of the map (assets inlined): opens with no server, no network."""
    localize(folium_map)
    prefix = getattr(folium_map, "static_url", None) or DEFAULT_STATIC_URL
    return inline_assets(folium_map.get_root().render(), vendor_dir=vendor_dir, static_url=prefix)
