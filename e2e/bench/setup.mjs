// What every browser benchmark starts with: the built app served on a port of its own, and Debian's
// Chromium launched headless with the background services that would disturb timings turned off.
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";

/** Serves ../dist on 127.0.0.1:`port` and waits until it answers; returns the base URL and the server. */
export async function serveDist(port) {
  const server = spawn("node", ["serve-dist.mjs"], { env: { ...process.env, DIST_PORT: String(port) }, stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(base)).ok) break; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  return { base, server };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--disable-quic"],
  });
}
