"""The Content Security Policy every HTML page of the site carries, as a <meta> (the
site is plain files, opened from a server or from disk, so no header can carry it).

No script runs but the site's own files: no inline script, no handler attribute, no
other host. Styles may be inline (Material and the worksheets' generated print margins
use them; a style cannot run script). Images, fonts and data come from the site alone.
"""


def policy(*script_hashes: str) -> str:
    """The policy; a page that must run a known inline script names its hash."""
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *(f"'{h}'" for h in script_hashes)]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",  # the search worker, and the service worker (sw.js)
        "manifest-src 'self'",  # the web app manifest, for the home screen
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])


POLICY = policy()

