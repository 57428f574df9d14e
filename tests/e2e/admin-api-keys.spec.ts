import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("an admin creates an API key, sees it once, and revokes it", async ({ page }) => {
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

  // The key itself is never shown again.
  await page.reload();
  await expect(page.getByLabel("New API key")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(token);

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
});
