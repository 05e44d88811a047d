// The embeddable widget on a page of another origin (another port on 127.0.0.1), in both forms: the
// custom element and the iframe. Recommendations appear, the theme applies, the host page's data stays
// unread, and no request goes anywhere but the two origins.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import http from "node:http";

const HOST_PORT = 8083;
const HOST = `http://127.0.0.1:${HOST_PORT}`;
let server;

test.beforeAll(async ({ baseURL }) => {
  // The example page exactly as documented, with the placeholder pointed at the served build.
  const page = fs.readFileSync(new URL("../../examples/host.html", import.meta.url), "utf8")
    .replaceAll("https://YOUR-ATTUNE-HOST/", `${baseURL}/`);
  server = http.createServer((req, res) => res.writeHead(200, { "content-type": "text/html" }).end(page));
  await new Promise((resolve) => server.listen(HOST_PORT, "127.0.0.1", resolve));
});

test.afterAll(() => new Promise((resolve) => server.close(resolve)));

test("both forms show similar tracks on another origin, themed, and talk only to Attune's origin", async ({ page, baseURL }) => {
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${HOST}/`);

  const byTrack = page.locator("#by-track");
  await expect(byTrack.locator("li")).toHaveCount(5, { timeout: 30_000 });
  await expect(byTrack.locator(".heading")).toHaveText(/^Similar to Get Lucky/);
  await expect(byTrack.locator("li a").first()).toHaveAttribute("href", /^https:\/\/open\.spotify\.com\/track\//);
  // theme="dark" on one, "light" on the other: the widget's own colours, whatever the host's.
  const background = (locator) => locator.locator(".attune").evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(await background(byTrack)).toBe("rgb(28, 29, 33)");
  const byArtist = page.locator("#by-artist");
  await expect(byArtist.locator("li")).toHaveCount(3);
  expect(await background(byArtist)).toBe("rgb(255, 255, 255)");
  await expect(byArtist.locator(".why").first()).toBeHidden(); // compact layout
  // The host's styles do not reach inside: its serif font stops at the shadow root.
  expect(await byTrack.locator(".attune").evaluate((e) => getComputedStyle(e).fontFamily)).not.toContain("Georgia");

  const frame = page.frameLocator("#frame");
  await expect(frame.locator("li")).toHaveCount(4, { timeout: 30_000 });
  await expect(frame.locator(".heading")).toHaveText(/^Similar to Billie Eilish/);
  expect(await frame.locator(".attune").evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(28, 29, 33)");
  await page.screenshot({ path: "../artifacts/screenshots/widget-host.png", fullPage: true });

  const elsewhere = requests.filter((u) => !u.startsWith(`${HOST}/`) && !u.startsWith(`${baseURL}/`));
  expect(elsewhere).toEqual([]);
  // And nothing went to Attune but its own files: no query carries anything from the host page.
  for (const url of requests.filter((u) => u.startsWith(`${baseURL}/`))) {
    expect(new URL(url).pathname).toMatch(/^\/(widget\.js|widget\/|catalog\/|embed\.html)/);
  }
});

test("the app refuses to be framed; the iframe form allows it", async ({ request }) => {
  expect((await request.get("/")).headers()["content-security-policy"]).toBe("frame-ancestors 'none'");
  expect((await request.get("/embed.html")).headers()["content-security-policy"]).toBe("frame-ancestors *");
});

test("a seed the catalog does not know says so", async ({ page }) => {
  await page.goto("/embed.html?search=zzzzqqqq");
  await expect(page.locator("attune-similar .status")).toHaveText("Attune's catalog has nothing for “zzzzqqqq”.");
});

test("the app runs under its Content-Security-Policy without a single violation", async ({ page }) => {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto("/");
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(policy).not.toContain("unsafe-inline");
  await page.getByRole("button", { name: "Try the demo" }).click();
  await page.getByLabel("Search for artists or songs you like").fill("Daft Punk");
  await page.getByRole("button", { name: /^Artist\s*Daft Punk$/ }).click();
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
  for (const path of ["/import", "/library", "/settings"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});
