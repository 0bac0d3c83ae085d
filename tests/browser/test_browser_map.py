"""The map pages in headless Chromium, without Streamlit: clustering and the PNG snapshot."""

from __future__ import annotations

import io
import random

import pytest

from geo.place import Place
from incidents.model import Incident
from maps.snapshot import render_png, standalone_html

pytestmark = pytest.mark.browser


def many_incidents(count: int) -> list[Incident]:
    rng = random.Random(1)
    return [
        Incident(
            f"i{n}",
            "s.txt",
            "fr",
            rng.choice(["attack", "air/drone strike", "armed clash"]),
            f"2020-{rng.randint(1, 12):02d}",
            "month",
            "q",
            0,
            1,
            place=Place("P", 33 + rng.random() * 3, 42 + rng.random() * 4, 1, "town"),
            fatalities=rng.randint(0, 5),
        )
        for n in range(count)
    ]


def test_many_markers_cluster_and_follow_the_timeline(browser, tmp_path, screenshots):
    page_path = tmp_path / "many.html"
    page_path.write_text(standalone_html(many_incidents(300), caption="300 incidents"))
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(page_path.as_uri())
    # Every incident is on the map, counted once: in a cluster's figure or as a lone marker.
    page.wait_for_function(
        """() => [...document.querySelectorAll('.marker-cluster span')]
                   .reduce((sum, span) => sum + parseInt(span.textContent, 10), 0)
                 + document.querySelectorAll('.incident-marker').length === 300""",
        timeout=30_000,
    )
    assert page.locator(".marker-cluster").count() >= 2
    assert page.locator(".incident-marker").count() < 300
    shown = page.locator(".leaflet-timeline-control .time-text").inner_text()
    page.locator(".leaflet-timeline-control .prev").click()
    page.wait_for_function(
        "shown => document.querySelector('.leaflet-timeline-control .time-text')"
        ".innerText !== shown",
        arg=shown,
    )
    assert errors == []
    page.screenshot(path=str(screenshots / "map-clustered.png"))
    page.close()


def test_render_png_is_a_picture_of_the_map():
    from PIL import Image

    png = render_png(
        standalone_html(many_incidents(5), caption="5 incidents"), width=900, height=600
    )
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (900, 600)
    colours = image.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 100
