// Stand-in for the Spotify Embed's iFrame API loader, https://open.spotify.com/embed/iframe-api/v1 (see
// README.md). Like the real one it only loads the API: it makes a Trusted Types policy named
// "spotify-embed-api", sets SpotifyIframeConfig.host, and inserts a second script, from Spotify's CDN
// host, before the page's first script. A page whose Content-Security-Policy allows only this loader never
// gets the API, exactly as with Spotify's.
(function () {
  var scriptUrl = 'https://embed-cdn.spotifycdn.com/_next/static/iframe_api.0a1b2c3d4e5f60718293.js';
  var host = 'https://open.spotify.com';
  try {
    var policy = window.trustedTypes.createPolicy('spotify-embed-api', {
      createScriptURL: function (url) {
        return url;
      },
    });
    scriptUrl = policy.createScriptURL(scriptUrl);
  } catch (e) {}

  if (!window.SpotifyIframeConfig) {
    window.SpotifyIframeConfig = {};
  }
  SpotifyIframeConfig.host = host;
  if (SpotifyIframeConfig.loading) {
    console.warn('The Spotify Iframe API has already been initialized.');
    return;
  }
  SpotifyIframeConfig.loading = 1;

  var script = document.createElement('script');
  script.type = 'text/javascript';
  script.id = 'spotify-iframeapi-script';
  script.src = scriptUrl;
  script.async = true;
  var first = document.getElementsByTagName('script')[0];
  first.parentNode.insertBefore(script, first);
})();
