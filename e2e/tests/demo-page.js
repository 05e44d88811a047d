// Page object for the demo: the steps every demo test starts with.

/** Opens Attune fresh and chooses the demo. */
export async function startDemo(page) {
  await page.goto("/");
  await page.getByRole("button", { name: "Try the demo" }).click();
}

/** Searches the catalog for an artist and picks it. */
export async function pickArtist(page, name) {
  await page.getByLabel("Search for artists or songs you like").fill(name);
  await page.getByRole("button", { name: new RegExp(`^Artist\\s*${name}$`) }).click();
}
