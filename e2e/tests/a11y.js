// Accessibility checks with axe-core, run in the page: no serious or critical violation allowed.
import { expect } from "@playwright/test";
import { createRequire } from "node:module";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Runs axe-core on the page as it is (WCAG 2 A and AA rules) and fails on serious or critical findings,
 * listing each rule, its help text and the elements it flagged. Needs `bypassCSP`: the app's policy
 * rightly refuses the injected script. */
export async function expectAccessible(page, screen) {
  await page.addScriptTag({ path: AXE });
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
  expect(serious, `${screen}: serious or critical accessibility violations`).toEqual([]);
}
