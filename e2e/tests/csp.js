// Content-Security-Policy violations, as the page reports them: a blocked script, style or connection
// shows up here even when nothing else on the screen says so.

/** Starts recording violations on every page the test opens. */
export async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
}

/** The violations recorded on the page open now. */
export function violations(page) {
  return page.evaluate(() => window.__violations ?? []);
}
