"""Post-build step (called by scripts/post-build.sh): puts a Content-Security-Policy into every HTML page of
the build as a <meta>, and fails the build if a page has no policy written for it here.

index.html, the app (holds the Spotify tokens and the listening history):
- scripts from Attune's own origin, Trunk's inline start-up script by its hash, and the Spotify Embed's
  iFrame API. That API is two scripts: the loader at open.spotify.com/embed/iframe-api/v1 injects the API
  itself from embed-cdn.spotifycdn.com/_next/static/iframe_api.<hash>.js, the hash changing with each
  release of Spotify's, so that folder (not the whole CDN) is allowed. 'wasm-unsafe-eval' lets WebAssembly
  compile, and nothing else is evaluated;
- workers from the own origin (they start from Blob URLs that load them);
- connections to the own origin and to Spotify's accounts and Web API hosts, nowhere else;
- frames from Spotify's embed player only; images from the own origin and Spotify's image CDN;
- styles from the own origin only: no inline style, so a chart sizes its bars with SVG attributes.

embed.html, the widget's iframe form (framed by any site, opened by any link, so its query is hostile):
nothing by default; its own scripts and the wasm (no inline script at all); fetches of its own files; its
styles by hash (the page's and the widget's shadow-root sheet); Trusted Types required, with no policy, so
no string can become script.

frame-ancestors cannot be set from a <meta>: the host sends it as a header (README, "Hosting").
Usage: python3 scripts/csp.py DIST_DIR WIDGET_CSS
"""
import base64
import hashlib
import pathlib
import re
import sys

SPOTIFY_CONNECT = "https://accounts.spotify.com https://api.spotify.com"
SPOTIFY_EMBED_LOADER = "https://open.spotify.com/embed/iframe-api/v1"
SPOTIFY_EMBED_API = "https://embed-cdn.spotifycdn.com/_next/static/"


def sha256(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def inline(tag, html):
    """The text of every inline <tag> (a <script> with a src is not inline)."""
    return re.findall(rf"<{tag}(?![^>]*\bsrc=)[^>]*>(.*?)</{tag}>", html, flags=re.S)


def app_policy(html, _widget_css):
    scripts = " ".join(sha256(s) for s in inline("script", html))
    return [
        "default-src 'self'",
        f"script-src 'self' 'wasm-unsafe-eval' {scripts} {SPOTIFY_EMBED_LOADER} {SPOTIFY_EMBED_API}",
        "worker-src 'self' blob:",
        f"connect-src 'self' {SPOTIFY_CONNECT}",
        "img-src 'self' data: https://i.scdn.co",
        "frame-src https://open.spotify.com",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ]


def embed_policy(html, widget_css):
    if inline("script", html):
        sys.exit("csp.py: embed.html must not have inline scripts")
    styles = " ".join(sha256(s) for s in inline("style", html) + [widget_css])
    return [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "connect-src 'self'",
        f"style-src {styles}",
        "base-uri 'none'",
        "form-action 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    ]


POLICIES = {"index.html": app_policy, "embed.html": embed_policy}


def main(dist, widget_css_path):
    widget_css = pathlib.Path(widget_css_path).read_text(encoding="utf-8")
    pages = sorted(p for p in pathlib.Path(dist).rglob("*.html"))
    for page in pages:
        policy = POLICIES.get(str(page.relative_to(dist)))
        if policy is None:
            sys.exit(f"csp.py: {page} has no Content-Security-Policy written for it in scripts/csp.py")
        html = page.read_text(encoding="utf-8")
        content = "; ".join(policy(html, widget_css))
        meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
        # Right after the charset, before anything it governs: a policy in a <meta> covers only what follows.
        html, found = re.subn(r'(<meta charset="utf-8">)', lambda m: m.group(1) + "\n    " + meta, html, count=1)
        if found != 1:
            sys.exit(f'csp.py: {page} has no <meta charset="utf-8"> to put the policy after')
        page.write_text(html, encoding="utf-8")
    missing = set(POLICIES) - {str(p.relative_to(dist)) for p in pages}
    if missing:
        sys.exit(f"csp.py: the build has no {', '.join(sorted(missing))}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
