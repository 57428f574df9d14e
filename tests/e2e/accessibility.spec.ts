import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

/**
 * Every page, as the role that uses it, checked with axe-core against WCAG 2.x
 * A and AA rules: a serious or critical violation (a control without a name,
 * text too faint to read, a broken ARIA pattern…) fails the test, with the
 * rule and the offending elements in the message.
 */

// Each test walks a role's pages and analyses every one (a second or two each on a loaded machine).
test.describe.configure({ timeout: 150_000 });

async function expectAccessible(page: Page, what: string) {
  // Pages render on the server; wait for the page's heading (live pages keep an event stream open, so not "networkidle").
  await page.waitForLoadState("load");
  await expect(page.locator("h1").first()).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`);
  expect(report, `${what}:\n${report.join("\n")}`).toEqual([]);
}

/** Opens a detail page the way a person does: the first link on its list page whose address matches. */
async function openFirst(page: Page, list: string, pattern: RegExp) {
  await page.goto(list);
  await page.waitForLoadState("load");
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const href = hrefs.find((h) => pattern.test(h));
  if (!href) throw new Error(`No link matching ${pattern} on ${page.url()}`);
  await page.locator(`a[href="${href}"]`).first().click();
  await page.waitForURL((url) => url.pathname === href);
}

test("the sign-in page", async ({ page }) => {
  await page.goto("/login");
  await expectAccessible(page, "/login");
});

test("an admin's pages", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  for (const path of ["/", "/admin/users", "/admin/audit", "/admin/import", "/admin/api-keys", "/customers", "/customers/duplicates", "/customers/new", "/skills", "/teams"]) {
    await page.goto(path);
    await expectAccessible(page, path);
  }
  await openFirst(page, "/customers", /^\/customers\/[0-9a-f-]{36}$/);
  await expectAccessible(page, "a customer's 360 page");
  await openFirst(page, "/admin/users", /^\/admin\/users\/[0-9a-f-]{36}$/);
  await expectAccessible(page, "a user's page");
});

test("a planner's pages", async ({ page }) => {
  await signIn(page, "planner@demo.test");
  for (const path of ["/schedule", "/agents", "/agents/new", "/time-off"]) {
    await page.goto(path);
    await expectAccessible(page, path);
  }
  await openFirst(page, "/agents", /^\/agents\/[0-9a-f-]{36}$/);
  await expectAccessible(page, "an agent's page");
});

test("a supervisor's pages", async ({ page }) => {
  await signIn(page, "supervisor@demo.test");
  for (const path of ["/wall", "/quality", "/quality/criteria", "/interactions/review", "/time-off"]) {
    await page.goto(path);
    await expectAccessible(page, path);
  }
});

test("an agent's and HR's pages", async ({ page }) => {
  await signIn(page, "agent@demo.test");
  for (const path of ["/", "/my-schedule", "/console", "/account"]) {
    await page.goto(path);
    await expectAccessible(page, `${path} (agent)`);
  }
  await page.context().clearCookies();
  await signIn(page, "hr@demo.test");
  await expectAccessible(page, "HR's home");
});
