// Stand-in for the Spotify Embed's iFrame API itself (embed-cdn.spotifycdn.com/_next/static/iframe_api.*.js,
// injected by loader.js; see README.md). As Spotify's: it calls window.onSpotifyIframeApiReady(IFrameAPI);
// createController(element, options, callback) replaces the element with an iframe of the player from
// SpotifyIframeConfig.host (/embed/track/ID), hands over a controller, and talks to the player only by
// postMessage, checking the sender's origin; commands sent before the player says "ready" wait for it.
// `playback_update` events carry { isPaused, isBuffering, position, duration } in milliseconds.
//
// Test hooks (not Spotify's): window.__fakeEmbed moves the player (at, end, restart) and resolves once the
// resulting playback_update has reached the page; uri() and loads() say what it was asked to play.
(() => {
  const host = window.SpotifyIframeConfig.host;
  let current = null;

  class Controller {
    constructor(element, options) {
      this.listeners = {};
      this.loads = [];
      this.uri = options.uri;
      this.ready = false;
      this.waiting = [];
      this.settle = [];
      const [, type, id] = options.uri.split(":");
      const iframe = document.createElement("iframe");
      iframe.src = `${host}/embed/${type}/${id}`;
      iframe.width = options.width ?? "100%";
      iframe.height = options.height ?? "352";
      iframe.title = "Spotify Embed";
      iframe.allow = "autoplay; clipboard-write; encrypted-media; fullscreen; picture-in-picture";
      iframe.style.border = "0";
      element.replaceWith(iframe);
      this.iframe = iframe;
      window.addEventListener("message", (event) => {
        if (event.origin !== host || event.source !== iframe.contentWindow) return;
        const { type: kind, payload } = event.data ?? {};
        if (kind === "ready") {
          this.ready = true;
          for (const message of this.waiting.splice(0)) this.send(message);
          this.emit("ready", {});
        } else if (kind === "playback_update") {
          this.emit("playback_update", payload);
          for (const resolve of this.settle.splice(0)) resolve();
        }
      });
    }
    send(message) {
      if (!this.ready) this.waiting.push(message);
      else this.iframe.contentWindow.postMessage(message, host);
    }
    emit(name, data) {
      for (const listener of this.listeners[name] ?? []) listener({ data });
    }
    addListener(name, listener) {
      (this.listeners[name] ??= []).push(listener);
    }
    removeListener(name, listener) {
      this.listeners[name] = (this.listeners[name] ?? []).filter((l) => l !== listener);
    }
    loadUri(uri) {
      this.uri = uri;
      this.loads.push(uri);
      this.send({ command: "load_uri", uri });
    }
    play() { this.send({ command: "play" }); }
    pause() { this.send({ command: "pause" }); }
    resume() { this.send({ command: "resume" }); }
    togglePlay() { this.send({ command: "toggle_play" }); }
    seek(seconds) { this.send({ command: "seek", timestamp: seconds }); }
    destroy() { this.iframe.remove(); }
    /** Test hook: a command to the player, resolved when its playback_update is back. */
    drive(message) {
      return new Promise((resolve) => {
        this.settle.push(resolve);
        this.send(message);
      });
    }
  }

  window.__fakeEmbed = {
    uri: () => current && current.uri,
    loads: () => (current ? current.loads : []),
    at: (ms) => current.drive({ command: "__test_at", position: ms }),
    end: () => current.drive({ command: "__test_end" }),
    restart: () => current.drive({ command: "__test_restart" }),
  };

  const IFrameAPI = {
    createController(element, options, callback) {
      current = new Controller(element, options);
      callback(current);
    },
  };
  if (typeof window.onSpotifyIframeApiReady === "function") window.onSpotifyIframeApiReady(IFrameAPI);
})();
