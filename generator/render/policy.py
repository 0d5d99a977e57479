"""The Content Security Policy every HTML page of the site carries, as a <meta> (the
site is plain files, opened from a server or from disk, so no header can carry it).

No script runs but the site's own files: no inline script, no handler attribute, no
other host. Styles may be inline (Material and the worksheets' generated print margins
use them; a style cannot run script). Images, fonts and data come from the site alone.
"""

import base64
import hashlib


def policy(*script_hashes: str) -> str:
    """The policy; a page that must run a known inline script names its hash."""
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *(f"'{h}'" for h in script_hashes)]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


POLICY = policy()


def speaker_view_hash(notes_js: str) -> str | None:
    """reveal.js's presenter view writes its page, one inline script included, into a
    blank window, which takes the deck's policy: that script, exactly as the pinned
    plugin writes it, is the one inline script a deck allows. None if it is not found."""
    start = notes_js.find("<script>")
    end = notes_js.find("<\\/script>", start)
    if start < 0 or end < 0:
        return None
    chunk = notes_js[start + len("<script>"):end]
    if "${" in chunk or "`" in chunk:  # not a plain template text: better none than wrong
        return None
    script = chunk.replace("\\\\", "\\")  # the template literal's one escape
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
