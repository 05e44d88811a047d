// A stand-in for the Spotify Embed's iFrame API (https://open.spotify.com/embed/iframe-api/v1), which is
// unreachable from the test machines. Same shape: once loaded it calls window.onSpotifyIframeApiReady
// with an IFrameAPI whose createController(element, options, callback) hands over a controller that
// loads URIs, plays, and reports `playback_update` events ({ isPaused, position, duration } in ms).
// Tests drive the playback through window.__fakeEmbed: at(ms) moves the position, end() reaches the end.
(() => {
  const DURATION_MS = 200_000;
  class Controller {
    constructor(element, options) {
      this.listeners = [];
      this.uri = options.uri;
      this.position = 0;
      this.paused = true;
      this.loads = [];
      const stand_in = document.createElement("div");
      stand_in.className = "fake-embed";
      stand_in.textContent = "Spotify player";
      element.replaceWith(stand_in);
    }
    addListener(name, listener) {
      if (name === "playback_update") this.listeners.push(listener);
    }
    emit() {
      const data = { isPaused: this.paused, isBuffering: false, position: this.position, duration: DURATION_MS };
      for (const listener of this.listeners) listener({ data });
    }
    loadUri(uri) {
      this.uri = uri;
      this.loads.push(uri);
      this.position = 0;
      this.paused = true;
      this.emit();
    }
    play() {
      this.paused = false;
      this.emit();
    }
  }
  let controller = null;
  window.__fakeEmbed = {
    uri: () => controller && controller.uri,
    loads: () => (controller ? controller.loads : []),
    at(ms) {
      controller.position = ms;
      controller.emit();
    },
    end() {
      controller.position = DURATION_MS;
      controller.paused = true;
      controller.emit();
    },
    restart() {
      controller.position = 400;
      controller.paused = false;
      controller.emit();
    },
  };
  const api = {
    createController(element, options, callback) {
      controller = new Controller(element, options);
      setTimeout(() => callback(controller), 0);
    },
  };
  setTimeout(() => window.onSpotifyIframeApiReady && window.onSpotifyIframeApiReady(api), 0);
})();
