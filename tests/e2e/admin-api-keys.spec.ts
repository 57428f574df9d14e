import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("an admin creates an API key, a program asks for a human with it as plain JSON, and once revoked it gets 401", async ({ page, request }) => {
  await signIn(page, "admin@demo.test");
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();

  const name = `E2E bot ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Requests a minute").fill("60");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByLabel("New API key");
  await expect(shown).toHaveValue(/^flk_/);
  const token = await shown.inputValue();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(token.slice(0, 12));
  await expect(row).toContainText("60 / min");

  // A program outside: plain JSON, the key as a bearer token, no cookie, no tRPC client.
  const auth = { authorization: `Bearer ${token}` };
  const asked = await request.post("/api/trpc/handoff.request", {
    headers: auth,
    data: { customer: { email: `e2e-${Date.now()}@example.org`, name: "Web Visitor" }, reason: "The bot could not help", channel: "chat" },
  });
  expect(asked.status()).toBe(200);
  const { handoffId, status, queuePosition } = (await asked.json()).result.data;
  expect(status).toBe("waiting");
  expect(queuePosition).toBeGreaterThanOrEqual(1);
  const polled = await request.get(`/api/trpc/handoff.status?input=${encodeURIComponent(JSON.stringify({ handoffId }))}`, { headers: auth });
  expect((await polled.json()).result.data).toMatchObject({ handoffId, status: "waiting" });

  // The key itself is never shown again.
  await page.reload();
  await expect(page.getByLabel("New API key")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(token);

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
  const refused = await request.get(`/api/trpc/handoff.status?input=${encodeURIComponent(JSON.stringify({ handoffId }))}`, { headers: auth });
  expect(refused.status()).toBe(401);
});
