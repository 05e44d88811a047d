// End-to-end tests of the built app (dist/) in Debian's Chromium, against the fake Spotify.
import { defineConfig } from "@playwright/test";

const DIST_PORT = 8081;
const FAKE_SPOTIFY_PORT = 8090;
// The sub-path build (dist-subpath/, made by scripts/test.sh) served at /attune/.
const SUBPATH_PORT = 8084;
process.env.SUBPATH_URL = `http://127.0.0.1:${SUBPATH_PORT}/attune/`;
process.env.FAKE_SPOTIFY_URL = `http://127.0.0.1:${FAKE_SPOTIFY_PORT}`;

export default defineConfig({
  testDir: "tests",
  outputDir: "../artifacts/e2e-results",
  timeout: 60_000,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${DIST_PORT}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      // The machine's network is closed: background calls to Google's hosts would only fail noisily.
      args: ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--disable-quic"],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: [
    {
      command: "node fake-spotify/server.mjs",
      url: `http://127.0.0.1:${FAKE_SPOTIFY_PORT}/health`,
      env: { FAKE_SPOTIFY_PORT: String(FAKE_SPOTIFY_PORT) },
      reuseExistingServer: false,
    },
    {
      command: "node serve-dist.mjs",
      url: `http://127.0.0.1:${DIST_PORT}/`,
      env: { DIST_PORT: String(DIST_PORT) },
      reuseExistingServer: false,
    },
    {
      command: "node serve-dist.mjs",
      url: `http://127.0.0.1:${SUBPATH_PORT}/health`,
      env: { DIST_PORT: String(SUBPATH_PORT), DIST_DIR: "../dist-subpath", PREFIX: "/attune" },
      reuseExistingServer: false,
    },
  ],
});
