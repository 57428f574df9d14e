import { expect, test } from "@playwright/test";
import { apiCaller, signIn } from "./helpers";

// Pages with more than one form empty a form only after its own successful submit: another form's success
// (or a refusal) keeps what was typed into it. (My schedule's forms: my-schedule-forms.spec.ts.)

test("revoking a key keeps what was typed into Create a key; creating one empties it", async ({ page, request }) => {
  const stamp = Date.now();
  const admin = await apiCaller(request, "admin@demo.test");
  const old = await admin("apiKeys.create", { name: `Old bot ${stamp}` });

  await signIn(page, "admin@demo.test");
  await page.goto("/admin/api-keys");
  const create = page.locator("form", { has: page.getByRole("button", { name: "Create key" }) });
  await create.getByLabel("Name").fill(`New bot ${stamp}`);
  await create.getByLabel("Requests a minute").fill("120");

  const row = page.getByRole("row").filter({ hasText: old.name });
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("Revoked");
  await expect(create.getByLabel("Name")).toHaveValue(`New bot ${stamp}`);
  await expect(create.getByLabel("Requests a minute")).toHaveValue("120");

  await create.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByLabel("New API key")).toHaveValue(/^flk_/);
  await expect(create.getByLabel("Name")).toHaveValue("");
  await expect(create.getByLabel("Requests a minute")).toHaveValue("");
});

test("choosing a new team's supervisor keeps the next team's name half-typed in Add a team", async ({ page }) => {
  const stamp = Date.now();
  await signIn(page, "planner@demo.test");
  await page.goto("/teams");
  const add = page.getByRole("form", { name: "Add a team" });
  await add.getByLabel("Name").fill(`Night desk ${stamp}`);
  await add.getByRole("button", { name: "Add team" }).click();
  await expect(page.getByText(`Added the team Night desk ${stamp}. Choose its supervisor below.`).first()).toBeVisible();
  await expect(add.getByLabel("Name")).toHaveValue("");

  await add.getByLabel("Name").fill(`Day desk ${stamp}`);
  const setSupervisor = page.getByRole("form", { name: `Set the supervisor of Night desk ${stamp}` });
  await setSupervisor.getByLabel(`Supervisor of Night desk ${stamp}`).selectOption({ index: 1 });
  await setSupervisor.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("row").filter({ hasText: `Night desk ${stamp}` })).not.toContainText("No supervisor");
  await expect(add.getByLabel("Name")).toHaveValue(`Day desk ${stamp}`);
});

test("what is typed on the API keys page before its scripts run is kept, though a relative time rolls over meanwhile", async ({ page, request }) => {
  test.setTimeout(90_000);
  const admin = await apiCaller(request, "admin@demo.test");
  const stamp = Date.now();
  await admin("apiKeys.create", { name: `Clock bot ${stamp}` });
  const created = Date.now();
  const mismatches: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Minified React error|did not match|Hydration/i.test(m.text())) mismatches.push(m.text());
  });
  await signIn(page, "admin@demo.test");
  // The page's own script held back 3 s, the page loaded just before the key is 30 s old: the server writes
  // "less than a minute ago", and the browser hydrates when its own clock would say "1 minute ago".
  await page.route(/\/build\/routes\/_app\.admin\.api-keys-[^/]*\.js$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await route.continue();
  });
  await page.waitForTimeout(Math.max(0, created + 28_000 - Date.now()));
  // (Not waiting for "load": that waits for the held-back script.)
  await page.goto("/admin/api-keys", { waitUntil: "commit" });
  await expect(page.getByRole("row").filter({ hasText: `Clock bot ${stamp}` })).toContainText("less than a minute ago");
  const create = page.locator("form", { has: page.getByRole("button", { name: "Create key" }) });
  await create.getByLabel("Name").fill(`Typed early ${stamp}`);
  await page.waitForTimeout(4500);
  await expect(page.getByRole("row").filter({ hasText: `Clock bot ${stamp}` })).toContainText("1 minute ago");
  await expect(create.getByLabel("Name")).toHaveValue(`Typed early ${stamp}`);
  expect(mismatches).toEqual([]);
});
