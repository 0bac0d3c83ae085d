"""Data into the map's page: written so that no template pass can read it as code.

Folium elements are Jinja templates, and branca renders them twice: ``MacroElement.render``
renders an element's ``header``, ``html`` and ``script`` macros, then wraps the *output* in
``Element(output)``, which ``Figure.render`` renders again as a template. Whatever an
element writes into the page is therefore template source for a second pass: an article
that says ``{{ 7*7 }}`` would show ``49``, an unclosed ``{{`` would break the page, and
``{{ lipsum.__globals__ ... }}`` would run code on the server. HTML-escaping does not help
(braces are not HTML). So the cause is fixed where data becomes page text:

- :func:`page_json` writes a value as JSON for a ``<script>``: ``<``, ``>``, ``&``, ``'``
  and, inside JSON strings, ``{`` and ``}`` as ``\\uXXXX`` escapes. JavaScript reads back
  the very same value; a template pass finds no ``{{``, ``{%`` or ``{#`` in it (a JSON
  object opens with ``{"`` or ``{}``, never with one of those), and an HTML parser no
  ``</script>``. The output is ASCII (``ensure_ascii``), lone surrogates included.
- :func:`page_javascript` is folium's ``tojavascript`` (options with ``JsCode``
  functions) with :func:`page_json` for every value and key.
- :class:`PageTemplate` is a folium ``Template`` whose ``tojson`` and ``tojavascript``
  filters are those two: every element of :mod:`maps.elements` that carries data is written
  with it.
- :class:`RawHtml` puts fixed text (our CSS, vendored scripts) into the page as it is,
  never parsed as a template.
- :func:`fixed_text` reads our own scripts and stylesheet from ``maps/templates/`` (once).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from branca.element import Element
from folium.template import Environment, Template
from folium.utilities import JsCode, camelize
from markupsafe import Markup

# A JSON string token (json.dumps output): linear, its alternatives start differently.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_ESCAPES = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "'": "\\u0027",
        "{": "\\u007b",
        "}": "\\u007d",
    }
)


def page_json(value: Any) -> str:
    """Return ``value`` as JSON text safe inside a ``<script>`` and under any template pass.

    Parameters
    ----------
    value : object
        A JSON-serialisable value (dicts, lists, strings, numbers, booleans, None).

    Returns
    -------
    str
        ASCII JSON whose strings carry ``<``, ``>``, ``&``, ``'``, ``{`` and ``}`` as
        ``\\u003c``... escapes: ``json.loads`` (or ``JSON.parse``) gives back ``value``.
    """
    text = json.dumps(value, ensure_ascii=True)
    # Outside strings JSON has none of these but the structural braces, which stay.
    return _JSON_STRING.sub(lambda token: token.group().translate(_ESCAPES), text)


@dataclass(frozen=True)
class PageData:
    """JSON text already written by :func:`page_json` (or joined from such texts).

    For data too large to go through a template pass (the standalone page's basemap, ~10
    MB): an element puts it into the page with :class:`RawHtml`, never into a template.
    """

    text: str


def page_javascript(value: Any) -> str:
    """Folium's ``tojavascript`` with every key and value written by :func:`page_json`.

    ``JsCode`` (our own functions) is written as code, an ``Element`` as its variable
    name, dicts (keys camelised) and lists as JavaScript literals, anything else as
    :func:`page_json`.
    """
    if isinstance(value, JsCode):
        return value.js_code
    if isinstance(value, Element):
        return value.get_name()
    if isinstance(value, dict):
        items = "".join(
            f"  {page_json(camelize(key) if isinstance(key, str) else key)}: "
            f"{page_javascript(item)},\n"
            for key, item in value.items()
        )
        return "{\n" + items + "}"
    if isinstance(value, list | tuple):
        return "[\n" + "".join(f"{page_javascript(item)},\n" for item in value) + "]"
    return page_json(value)


class PageEnvironment(Environment):
    """Folium's Jinja environment with ``tojson``/``tojavascript`` that escape braces."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["tojson"] = lambda value, *_args, **_kwargs: Markup(page_json(value))
        self.filters["tojavascript"] = lambda value: Markup(page_javascript(value))


class PageTemplate(Template):
    """A folium element template whose data filters are :func:`page_json` and
    :func:`page_javascript`."""

    environment_class = PageEnvironment


class RawHtml(Element):
    """Fixed text put into the page exactly as given: never parsed as a template.

    Parameters
    ----------
    text : str
        HTML (a ``<style>`` or ``<script>`` element, say) from the code or a vendored
        file, not from an article.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawHtml"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text as given."""
        return self.text


@cache
def fixed_text(name: str) -> str:
    """Return the text of ``maps/templates/<name>``, read once: our JavaScript or CSS.

    Parameters
    ----------
    name : str
        A file name in ``maps/templates/`` (``point_to_layer.js``, ``map.css``...).

    Returns
    -------
    str
        The file as written: code of ours, never data, to be wrapped in ``JsCode`` or
        :class:`RawHtml`.
    """
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")
