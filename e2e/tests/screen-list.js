// The app's screens, where each is, and what shows it has its real content: on the demo, and over a history.
import { expect } from "@playwright/test";

/** Home is ready when For You and Artists for you both show: the artist cards arrive later, and a check
 * that ran before them would pass without looking at them. */
async function homeReady(page, timeout) {
  await expect(page.locator(".recommendations .track-card")).toHaveCount(20, { timeout });
  await expect(page.locator(".artist-card").first()).toBeVisible({ timeout: 60_000 });
}

/** Every screen on the demo. */
export const SCREENS = [
  { name: "home", path: "/", ready: (page) => homeReady(page, 5_000) },
  { name: "mixes", path: "/mixes", ready: (page) => expect(page.locator(".weekly .track-card")).toHaveCount(30, { timeout: 60_000 }) },
  { name: "builder", path: "/builder", ready: (page) => expect(page.locator('[data-field="built-summary"]')).toBeVisible({ timeout: 60_000 }) },
  { name: "library", path: "/library", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
  { name: "insights", path: "/insights", ready: (page) => expect(page.locator(".radar svg")).toBeVisible({ timeout: 60_000 }) },
  { name: "settings", path: "/settings", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
  { name: "import", path: "/import", ready: (page) => expect(page.getByText("Drop your Spotify export here")).toBeVisible() },
  { name: "blend", path: "/blend", ready: (page) => expect(page.getByLabel("What your taste card holds")).toBeVisible({ timeout: 60_000 }) },
  { name: "lab", path: "/lab", ready: (page) => expect(page.getByText("every five reactions add a point here")).toBeVisible({ timeout: 60_000 }) },
  { name: "connect", path: "/connect", ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
];

/** The screens whose content comes from a history, and what shows it is there. */
export const HISTORY_SCREENS = [
  { name: "home", path: "/", ready: (page) => homeReady(page, 60_000) },
  { name: "mixes", path: "/mixes", ready: (page) => expect(page.locator("details.mix").first()).toBeVisible({ timeout: 60_000 }) },
  { name: "builder", path: "/builder", ready: (page) => expect(page.locator('[data-field="built-summary"]')).toHaveText(/^30 tracks/, { timeout: 60_000 }) },
  { name: "insights", path: "/insights", ready: (page) => expect(page.locator(".clock svg")).toBeVisible({ timeout: 60_000 }) },
  { name: "lab", path: "/lab", ready: (page) => expect(page.getByRole("table", { name: /How well each model/ })).toBeVisible({ timeout: 60_000 }) },
  { name: "blend", path: "/blend", ready: (page) => expect(page.getByLabel("What your taste card holds")).toBeVisible({ timeout: 60_000 }) },
  {
    name: "library",
    path: "/library",
    ready: (page) =>
      expect(page.getByLabel("Pick one of your tracks").or(page.getByText("Once you have played a few tracks in one sitting"))).toBeVisible({ timeout: 60_000 }),
  },
];
