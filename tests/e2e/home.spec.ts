import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { signIn } from "./helpers";

/**
 * The home page as each role's "today": every number is checked against the
 * page that owns it (My schedule, the console, the wall, Time off, the board),
 * so the home page shows the same demo data, not numbers of its own.
 */

test.describe.configure({ timeout: 60_000 });
// The browser's clock reads UTC, so the demo agent's own zone (Asia/Kolkata) is named beside it.
test.use({ timezoneId: "UTC" });

/** The number in the top row's tile with this label. */
async function tile(page: Page, label: string): Promise<number> {
  const value = page.getByTestId("home-stats").locator("div").filter({ has: page.locator("dt", { hasText: label }) }).locator("dd").first();
  const text = (await value.textContent())?.trim() ?? "";
  expect(text, `tile "${label}" shows a number`).toMatch(/^\d+\+?$/);
  return Number.parseInt(text, 10);
}

function card(page: Page, title: string): Locator {
  return page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name: title, exact: true }) });
}

async function numberIn(locator: Locator, pattern: RegExp): Promise<number> {
  const text = (await locator.textContent()) ?? "";
  const match = pattern.exec(text);
  if (!match) throw new Error(`No ${pattern} in "${text}"`);
  return Number(match[1]);
}

async function openHome(page: Page) {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: /^Welcome, / })).toBeVisible();
  // Every source loaded: no card shows its error text.
  await expect(page.locator("main [role=alert]")).toHaveCount(0);
  await expect(page.getByText("Could not load")).toHaveCount(0);
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("an agent sees their shift, open shifts, time off and the queue", async ({ page }) => {
  await signIn(page, "agent@demo.test");
  await openHome(page);

  // The demo puts Arjun on shift when it starts.
  const shifts = card(page, "Your shifts");
  await expect(shifts.getByText("On shift now")).toBeVisible();
  await expect(shifts.getByRole("list", { name: "Coming shifts" }).getByRole("listitem")).not.toHaveCount(0);
  // His zone (Asia/Kolkata) differs from the browser's (UTC here), so both are named.
  await expect(shifts.getByText(/your own zone is Asia\/Kolkata/)).toBeVisible();

  const claimable = await tile(page, "Open shifts to claim");
  const pendingTimeOff = await tile(page, "Time off pending");
  const waiting = await tile(page, "Customers waiting");
  expect(claimable).toBeGreaterThan(0);
  expect(pendingTimeOff).toBeGreaterThan(0);

  const open = card(page, "Open shifts you can claim");
  await expect(open.getByRole("list", { name: "Open shifts" }).getByRole("listitem")).toHaveCount(Math.min(3, claimable));
  await expect(card(page, "Your time-off requests").getByRole("list", { name: "Pending time-off requests" }).getByRole("listitem")).toHaveCount(
    pendingTimeOff,
  );
  await expect(card(page, "Customers waiting for a human").getByRole("link", { name: /console/i })).toHaveAttribute("href", "/console");

  // The same numbers on the pages they come from.
  await open.getByRole("link", { name: /My schedule/ }).click();
  await expect(page).toHaveURL(/\/my-schedule$/);
  expect(await numberIn(page.getByText(/\d+ in the next four weeks/), /(\d+) in the next four weeks/)).toBe(claimable);
  await expect(card(page, "Time off").getByText("Pending", { exact: true })).toHaveCount(pendingTimeOff);

  await page.goto("/console");
  expect(await numberIn(page.getByRole("heading", { name: /^Queue: \d+ waiting/ }), /Queue: (\d+) waiting/)).toBe(waiting);
});

test("a supervisor sees the floor and the time off waiting for them", async ({ page }) => {
  await signIn(page, "supervisor@demo.test");
  await openHome(page);

  const onShift = await tile(page, "On shift now");
  const waiting = await tile(page, "Waiting for a human");
  const toDecide = await tile(page, "Time off to decide");
  expect(onShift).toBeGreaterThan(0);
  expect(toDecide).toBeGreaterThan(0);
  const floor = card(page, "The floor now");
  await expect(floor.getByRole("list", { name: "On shift now" }).getByRole("listitem")).toHaveCount(Math.min(6, onShift));
  const timeOff = card(page, "Time off to decide");
  await expect(timeOff.getByRole("list", { name: "Pending time-off requests" }).getByRole("listitem")).toHaveCount(Math.min(3, toDecide));
  await expectAccessible(page);

  await page.goto("/wall");
  const wall = page.locator("dl").first();
  await expect(wall.locator("div").filter({ has: page.locator("dt", { hasText: /^On shift$/ }) }).locator("dd").first()).toHaveText(String(onShift));
  await expect(wall.locator("div").filter({ has: page.locator("dt", { hasText: /^Waiting$/ }) }).locator("dd").first()).toHaveText(String(waiting));

  await page.goto("/");
  await card(page, "Time off to decide").getByRole("link", { name: "Decide on the Time off page" }).click();
  await expect(page).toHaveURL(/\/time-off$/);
  expect(await numberIn(page.getByText(/^\d+ pending$/), /(\d+) pending/)).toBe(toDecide);
});

test("a planner sees open shifts, who is on shift and pending time off", async ({ page }) => {
  await signIn(page, "planner@demo.test");
  await openHome(page);

  const open = await tile(page, "Open shifts, next 7 days");
  const onShift = await tile(page, "On shift now");
  const pending = await tile(page, "Time off pending");
  expect(open).toBeGreaterThan(0);
  expect(onShift).toBeGreaterThan(0);
  expect(pending).toBeGreaterThan(0);

  const openCard = card(page, "Open shifts, next 7 days");
  await expect(openCard.getByText(`${open} open shift${open === 1 ? "" : "s"} not yet claimed.`)).toBeVisible();
  await expect(openCard.getByRole("list", { name: "Open shifts" }).getByRole("listitem")).toHaveCount(Math.min(3, open));
  await expect(card(page, "On shift now").getByRole("list", { name: "On shift now" }).getByRole("listitem")).toHaveCount(Math.min(6, onShift));
  await expectAccessible(page);

  await openCard.getByRole("link", { name: "Board", exact: true }).click();
  await expect(page).toHaveURL(/\/schedule$/);
  await expect(page.getByRole("heading", { name: `On shift now (${onShift})` })).toBeVisible();

  await page.goto("/time-off");
  expect(await numberIn(page.getByText(/^\d+ pending$/), /(\d+) pending/)).toBe(pending);
});

test("HR keeps the introduction and links, with the search hint", async ({ page }) => {
  await signIn(page, "hr@demo.test");
  await openHome(page);
  await expect(card(page, "Your work here").getByText(/Look up agents: their contracts/)).toBeVisible();
  await expect(card(page, "Your work here").getByText(/on any page to search customers/)).toBeVisible();
  await expect(card(page, "Go to").getByRole("link", { name: "Agents" })).toHaveAttribute("href", "/agents");
  await expect(page.getByTestId("home-stats")).toHaveCount(0);
});
