import { test, expect } from "@playwright/test";

const api = () => process.env.FAKE_SPOTIFY_URL;

test("the fake Spotify answers /v1/me for a valid token", async ({ request }) => {
  const response = await request.get(`${api()}/v1/me`, {
    headers: { Authorization: "Bearer test-access-token" },
  });
  expect(response.status()).toBe(200);
  const me = await response.json();
  expect(me).toMatchObject({ account_id: "fake-listener-1", type: "user", uri: "spotify:user:fake-listener-1" });
});

test("the fake Spotify refuses a missing or unknown token the way Spotify does", async ({ request }) => {
  const missing = await request.get(`${api()}/v1/me`);
  expect(missing.status()).toBe(401);
  expect(await missing.json()).toEqual({ error: { status: 401, message: "No token provided" } });
  const unknown = await request.get(`${api()}/v1/me`, { headers: { Authorization: "Bearer nope" } });
  expect(unknown.status()).toBe(401);
});
