// Every screen, on the demo, at phone and desktop widths: it renders real content, passes axe-core with no
// serious or critical violation, and is saved as a screenshot (artifacts/screenshots/screen-*.png).
import { test, expect } from "@playwright/test";
import { expectAccessible } from "./a11y.js";
import { pickArtist, startDemo } from "./demo-page.js";
import { extendedFiles, missingData } from "./exports.js";
import { importFiles, waitForImported } from "./import-page.js";
import { HISTORY_SCREENS, SCREENS } from "./screen-list.js";

test.use({ serviceWorkers: "block", bypassCSP: true });

test("the first-run screen is accessible", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Try the demo" })).toBeVisible();
  await expectAccessible(page, "first run");
  await page.screenshot({ path: "../artifacts/screenshots/screen-first-run-desktop.png", fullPage: true });
});

/** Opens the demo with two picks and waits for the worker's list. */
async function demoWithPicks(page) {
  await startDemo(page);
  await pickArtist(page, "Norah Jones");
  await pickArtist(page, "Daft Punk");
  await expect(page.getByText("Including what listeners like you play")).toBeVisible({ timeout: 30_000 });
}

/** Visits each screen: real content, axe-core, no sideways scroll on a phone, a screenshot named
 * `screen-<name>-<suffix>.png`. */
async function checkScreens(page, screens, suffix, described) {
  for (const screen of screens) {
    await page.goto(screen.path);
    await screen.ready(page);
    await expectAccessible(page, `${screen.name} ${described}`);
    if (page.viewportSize().width < 600) {
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(sideways, `${screen.name} ${described} scrolls sideways`).toBe(false);
    }
    await page.screenshot({ path: `../artifacts/screenshots/screen-${screen.name}-${suffix}.png`, fullPage: true });
  }
}

for (const width of [360, 1280]) {
  test(`every screen of the demo at ${width} px renders and is accessible`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: width < 600 ? 780 : 900 });
    await demoWithPicks(page);
    await checkScreens(page, SCREENS, width < 600 ? "phone" : "desktop", `at ${width} px`);
  });
}

test("every screen renders real content over an imported real export", async ({ page }) => {
  const why = missingData();
  test.skip(!!why, why);
  test.setTimeout(180_000);
  await importFiles(page, extendedFiles());
  await waitForImported(page, 120_000);
  await page.getByRole("link", { name: "See recommendations from your history" }).click();
  await expect(page.locator(".recommendations .track-card")).toHaveCount(20, { timeout: 60_000 });
  await checkScreens(page, HISTORY_SCREENS, "real-export", "over the real export");
  // The same history on a phone: long real titles must wrap, not scroll sideways.
  await page.setViewportSize({ width: 360, height: 780 });
  await checkScreens(page, HISTORY_SCREENS, "real-export-phone", "over the real export at 360 px");
});

test.describe("in the dark theme", () => {
  test.use({ colorScheme: "dark" });
  test("every screen of the demo is accessible, contrast included", async ({ page }) => {
    test.setTimeout(120_000);
    await demoWithPicks(page);
    await checkScreens(page, SCREENS, "dark", "in the dark theme");
  });
});
