"""The harvester's HTML report in a real browser (headless Chromium, phone-sized window).

Skipped when no Chromium binary is installed (Debian: `apt-get install chromium`; for
readable screenshots also `fonts-noto-cjk fonts-noto-color-emoji`). The screenshots are
kept in reports/screenshots/ (committed: the HTML report on a phone, the batch dashboard at
390 px and 1280 px, in English and Chinese).
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from auditor.catalogue.knowledge import category_name
from auditor.render.html import HtmlRenderer
from auditor.render.i18n import shown_categories, ui_for, verdict_sentence
from auditor.render.interface import RenderOptions
from tests.conftest import ROOT, scan_sample
from tests.test_render_html import hostile_report

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = ROOT / "reports" / "screenshots"
WIDTH, HEIGHT = 412, 2400
#: The critical banner's background (#a4161a in the report's CSS).
CRITICAL_RED = (0xA4, 0x16, 0x1A)

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH")


def _chromium(
    tmp_path: Path, *args: str, size: tuple[int, int] = (WIDTH, HEIGHT)
) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={size[0]},{size[1]}",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


# -- a tiny PNG reader (8-bit greyscale/RGB/RGBA, non-interlaced), enough for screenshots ----


def read_png(path: Path) -> tuple[int, int, int, list[bytes]]:
    """Return (width, height, channels, rows of raw pixel bytes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    width = height = channels = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0, (depth, interlace)
            channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        if ftype == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif ftype == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def colour_stats(path: Path) -> tuple[int, float, int]:
    """(distinct colours, share of the most common colour, pixels near the critical red)."""
    width, _, channels, rows = read_png(path)
    counts: dict[bytes, int] = {}
    red = 0
    for row in rows:
        for x in range(0, width * channels, channels):
            px = row[x : x + 3] if channels >= 3 else row[x : x + 1] * 3
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    for px, n in counts.items():
        if all(abs(px[i] - CRITICAL_RED[i]) <= 6 for i in range(3)):
            red += n
    return len(counts), max(counts.values()) / total, red


def test_png_reader_on_a_known_image(tmp_path):
    """The reader decodes filters 0-4 (checked on an image we encode ourselves)."""
    width, height = 5, 5
    pixels = [[(x * 40, y * 50, (x * y) % 256) for x in range(width)] for y in range(height)]
    raw = b""
    for y, row in enumerate(pixels):
        flat = bytes(v for px in row for v in px)
        prev = bytes(v for px in pixels[y - 1] for v in px) if y else bytes(len(flat))
        ftype = y % 5
        out = bytearray()
        for i, v in enumerate(flat):
            a = flat[i - 3] if i >= 3 else 0
            b = prev[i]
            c = prev[i - 3] if i >= 3 else 0
            p = a + b - c
            paeth = (
                a
                if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c)
                else (b if abs(p - b) <= abs(p - c) else c)
            )
            pred = [0, a, b, (a + b) >> 1, paeth][ftype]
            out.append((v - pred) & 0xFF)
        raw += bytes([ftype]) + bytes(out)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    path = tmp_path / "t.png"
    path.write_bytes(png)
    w, h, ch, rows = read_png(path)
    assert (w, h, ch) == (width, height, 3)
    assert rows == [bytes(v for px in row for v in px) for row in pixels]


@needs_chromium
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_harvester_report_in_chromium(lang, tmp_path):
    report = scan_sample("harvester")
    page = tmp_path / f"harvester.{lang}.html"
    page.write_text(HtmlRenderer().render(report, RenderOptions(lang=lang)), encoding="utf-8")
    png = tmp_path / f"harvester.{lang}.png"

    shot = _chromium(tmp_path, f"--screenshot={png}", page.as_uri())
    assert png.exists() and png.stat().st_size > 1000, shot.stderr[-2000:]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, SCREENSHOTS / f"harvester.{lang}.png")

    width, height, _, _ = read_png(png)
    assert (width, height) == (WIDTH, HEIGHT)
    distinct, top_share, red = colour_stats(png)
    assert distinct > 50, "screenshot is (nearly) one colour"
    assert top_share < 0.95, "screenshot is (nearly) blank"
    assert red > 5000, "the critical verdict banner is not painted"

    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = html.unescape(dom.stdout)
    ui = ui_for(lang)
    assert ui["risk_level"].format(level=ui["level"]["critical"]) in text
    assert verdict_sentence(report, lang) in text
    assert ui["take"] in text
    for cid in shown_categories(report):
        assert category_name(cid, lang) in text, cid
    for f in report.findings:
        assert f.citation.text("instrument", lang) in text
        assert f.advice_borrower.get(lang) in text
    assert "<script" not in dom.stdout


@needs_chromium
@pytest.mark.parametrize(
    ("name", "lang"),
    [("harvester", "zh"), ("harvester", "en"), ("sns_login", "zh"), ("hostile", "en")],
)
def test_nothing_overflows_a_phone_screen(name, lang, tmp_path):
    """In a 412 CSS px wide body no box or line of text sticks out (test-only probe script).

    Headless Chromium may lay the page out in a window wider than asked, so the probe
    pins the body to the phone width and measures the right edge of every element.
    """
    report = hostile_report() if name == "hostile" else scan_sample(name)
    doc = HtmlRenderer().render(report, RenderOptions(lang=lang))
    doc = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", doc)
    doc = doc.replace("</head>", f"<style>body{{width:{WIDTH}px}}</style></head>")
    probe = (
        "<script>for(const d of document.querySelectorAll('details'))d.open=true;"
        "let r=0;for(const e of document.querySelectorAll('body *'))"
        "r=Math.max(r,e.getBoundingClientRect().right);"
        "const w=document.createTreeWalker(document.body,NodeFilter.SHOW_TEXT);"
        "const g=document.createRange();"
        "while(w.nextNode()){g.selectNodeContents(w.currentNode);"
        "for(const b of g.getClientRects())r=Math.max(r,b.right);}"
        "document.body.setAttribute('data-right',Math.ceil(r));</script>"
    )
    doc = doc.replace("</body>", probe + "</body>")
    page = tmp_path / "probe.html"
    page.write_text(doc, encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    match = re.search(r'data-right="(\d+)"', dom.stdout)
    assert match, dom.stderr[-2000:]
    assert int(match.group(1)) <= WIDTH


# ---------------------------------------------------------------- the batch dashboard

#: A phone (iPhone 12-15 class) and a laptop.
DASHBOARD_WIDTHS = (390, 1280)

#: Probe run in the page: sizes of what a reader sees, written into the body as JSON.
_DASHBOARD_PROBE = """<script>
const wrap = document.querySelector('.wrap');
const labels = [...document.querySelectorAll('.chart .label, .chart .value, .legend')];
const heads = [...document.querySelectorAll('thead th')];
const first = document.querySelector('tbody th');
const outside = [...document.querySelectorAll('body *')].filter(e => !wrap.contains(e));
const out = {
  inner: Math.round(document.documentElement.getBoundingClientRect().width),
  page: Math.ceil(Math.max(...outside.map(e => e.getBoundingClientRect().right))),
  wrapScroll: wrap.scrollWidth, wrapClient: wrap.clientWidth,
  sticky: getComputedStyle(first).position,
  minFont: Math.min(...labels.map(e => parseFloat(getComputedStyle(e).fontSize))),
  cut: labels.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent),
  narrowest: Math.min(...heads.map(e => e.getBoundingClientRect().width)),
  labelRight: Math.max(...labels.map(e => e.getBoundingClientRect().right)),
  // package names and file names (each part between folder separators) on one line each
  split: [...document.querySelectorAll('td.c1, td.c7')].flatMap(e => [...e.childNodes])
    .filter(n => n.nodeType === 3 && n.textContent.trim()).filter(n => {
      const r = document.createRange(); r.selectNodeContents(n);
      return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size > 1;
    }).map(n => n.textContent),
};
wrap.scrollLeft = 400;
const left = e => Math.round(e.getBoundingClientRect().left);
out.stickyStays = left(first) === left(wrap);
document.body.setAttribute('data-probe', JSON.stringify(out));
</script>"""


@pytest.fixture(scope="module")
def dashboard_batch(tmp_path_factory):
    """A batch over every sample (and a broken file), once, in English and in Chinese."""
    from auditor.batch import run_batch
    from tests.conftest import SAMPLES

    folder = tmp_path_factory.mktemp("dash-in")
    for path in sorted(SAMPLES.iterdir()):
        if path.is_file() and path.suffix in (".apk", ".xapk", ".apks", ".apkm"):
            (folder / path.name).write_bytes(path.read_bytes())
    (folder / "broken.apk").write_bytes(b"PK\x03\x04 not really")
    out = tmp_path_factory.mktemp("dash-out")
    run_batch([folder], jobs=2, out_dir=out, progress=False, policies=["cn"])
    return folder, out


@needs_chromium
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", DASHBOARD_WIDTHS)
def test_dashboard_on_a_phone_and_a_desktop(dashboard_batch, lang, width, tmp_path):
    """The dashboard at 390 px and 1280 px: labels readable (>= 12 px) and never cut, no
    one-character columns, no package or file name split across lines, the table scrolls
    sideways inside its box (never the page) with the app column kept in view, and at
    desktop width nothing needs scrolling."""
    import json

    from auditor.batch.run import write_dashboard
    from auditor.batch.table import build_table

    folder, out = dashboard_batch
    write_dashboard(build_table(out / "results.jsonl"), out, lang, str(folder))
    # Headless Chromium lays a page out at least 500 px wide (a narrower window crops the
    # screenshot of that layout): pin the page to the width under test. The dashboard's
    # only breakpoint is 600 px, so the phone layout applies to both.
    doc = (out / "index.html").read_text(encoding="utf-8")
    doc = doc.replace("</head>", f"<style>html{{width:{width}px}}</style></head>")
    page = out / f"pinned-{lang}-{width}.html"
    page.write_text(doc, encoding="utf-8")
    png = tmp_path / "shot.png"
    shot = _chromium(tmp_path, f"--screenshot={png}", page.as_uri(), size=(width, 1600))
    assert png.exists(), shot.stderr[-2000:]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(png, SCREENSHOTS / f"dashboard.{lang}.{width}.png")
    assert read_png(png)[0] == width
    assert colour_stats(png)[0] > 50, "screenshot is (nearly) one colour"

    doc = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", doc)
    probe_page = out / "probe.html"  # next to apps/, like the page it probes
    probe_page.write_text(doc.replace("</body>", _DASHBOARD_PROBE + "</body>"), encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", probe_page.as_uri(), size=(width, 1600))
    found = re.search(r"data-probe=\"([^\"]*)\"", dom.stdout)
    assert found, dom.stderr[-2000:]
    probe = json.loads(html.unescape(found.group(1)))
    assert probe["inner"] == width, probe  # the layout really is that wide
    assert probe["page"] <= width, probe  # only the table's box scrolls, never the page
    assert probe["minFont"] >= 12, probe  # chart labels and values readable
    assert probe["cut"] == [], probe  # no chart label cut
    assert probe["labelRight"] <= width, probe
    assert probe["narrowest"] >= 40, probe  # no column squeezed to a character
    assert probe["split"] == [], probe  # no package or file name broken across lines
    assert probe["sticky"] == "sticky", probe
    if width < 600:
        assert probe["wrapScroll"] > probe["wrapClient"], probe  # it scrolls sideways...
        assert probe["stickyStays"], probe  # ...with the app's name in view
    else:
        assert probe["wrapScroll"] <= probe["wrapClient"], probe  # everything in view
