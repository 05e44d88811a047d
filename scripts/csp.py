"""Post-build step (called by scripts/post-build.sh): puts the app's Content-Security-Policy into
index.html as a <meta>, allowing Trunk's inline start-up script by its hash and nothing else inline.

What the policy allows, and why:
- scripts and workers from Attune's own origin (workers start from Blob URLs that load them), plus the
  Spotify Embed's iFrame API script, which builds the player's iframe;
  'wasm-unsafe-eval' lets WebAssembly compile, and nothing else is evaluated;
- connections to the own origin and to Spotify's accounts and Web API hosts, nowhere else;
- frames from Spotify's embed player only (open.spotify.com); images from the own origin and Spotify's image CDN.
frame-ancestors cannot be set from a <meta>: the host sends it as a header (README, "Hosting").
Usage: python3 scripts/csp.py DIST_INDEX_HTML
"""
import base64
import hashlib
import re
import sys

SPOTIFY_CONNECT = "https://accounts.spotify.com https://api.spotify.com"
# The Spotify Embed's iFrame API script, and only that script of Spotify's.
SPOTIFY_EMBED_API = "https://open.spotify.com/embed/iframe-api/v1"

path = sys.argv[1]
html = open(path, encoding="utf-8").read()
inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() for s in inline
)
policy = "; ".join([
    "default-src 'self'",
    f"script-src 'self' 'wasm-unsafe-eval' {hashes} {SPOTIFY_EMBED_API}",
    "worker-src 'self' blob:",
    f"connect-src 'self' {SPOTIFY_CONNECT}",
    "img-src 'self' data: https://i.scdn.co",
    "frame-src https://open.spotify.com",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
])
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
# Right after the charset, before anything it governs: a policy in a <meta> only covers what follows it.
html = re.sub(r'(<meta charset="utf-8">)', r"\1\n    " + meta, html, count=1)
open(path, "w", encoding="utf-8").write(html)
