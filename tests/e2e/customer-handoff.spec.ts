import { expect, test } from "@playwright/test";
import { apiCaller, signIn } from "./helpers";

// A customer's request for a human, as whoever opens their record reads it.

test("a customer waiting for a human shows on their page — since when, how they came, what they asked — and not once the request is withdrawn", async ({
  page,
  request,
}) => {
  const admin = await apiCaller(request, "admin@demo.test");
  const { token } = await admin("apiKeys.create", { name: `Handoff banner e2e ${Date.now()}`, rateLimitPerMinute: 120 });
  const bot = async (path: string, data: unknown) => {
    const r = await page.request.post(`/api/trpc/${path}`, { headers: { authorization: `Bearer ${token}` }, data });
    const body = await r.json();
    expect(r.ok(), JSON.stringify(body)).toBe(true);
    return body.result.data;
  };
  const name = `Wanda Waiting ${Date.now() % 100000}`;
  // No agent is available in the demo until the console test sets one so: the request waits.
  const asked = await bot("handoff.request", {
    customer: { email: `wanda-${Date.now()}@example.org`, name, country: "GB" },
    reason: "Wants to close the account",
    channel: "phone",
    language: "en",
    skill: "billing",
  });
  expect(asked.status).toBe("waiting");

  await signIn(page, "agent@demo.test");
  await page.goto(`/customers/${asked.customerId}`);
  const banner = page.getByRole("region", { name: "Request for a human" });
  await expect(banner).toContainText(/Waiting for a human since \d\d:\d\d/);
  await expect(banner).toContainText("Phone · Billing · English: “Wants to close the account”");
  await expect(banner.getByRole("link", { name: "Open your console" })).toHaveAttribute("href", "/console");

  await bot("handoff.cancel", { handoffId: asked.handoffId });
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(banner).toHaveCount(0);
});
