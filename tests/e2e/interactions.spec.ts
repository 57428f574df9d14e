import { expect, test, type Page } from "@playwright/test";
import { signIn, signOut } from "./helpers";

const SHOTS = process.env.E2E_SHOTS_DIR;

/** Opens a demo customer through the shell's search box, as an agent would. */
async function openCustomer(page: Page, typed: string, name: string | RegExp) {
  await expect(page.getByTestId("customer-search")).toHaveAttribute("data-ready", "true");
  await page.keyboard.press("/");
  const box = page.getByRole("combobox", { name: "Search customers" });
  await expect(box).toBeFocused();
  await box.pressSequentially(typed, { delay: 30 });
  await page.getByRole("listbox", { name: "Customers found" }).getByRole("option", { name }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
}

test("the on-shift demo agent logs a call and it heads the customer's timeline, linked to their shift", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "agent@demo.test");
  await openCustomer(page, "Siobahn O'Br", /Siobhán O'Brien/);
  await expect(page.getByRole("heading", { level: 1, name: "Siobhán O'Brien" })).toBeVisible();

  await page.getByRole("button", { name: "Log interaction" }).click();
  const form = page.getByRole("form", { name: "Log interaction" });
  await expect(form).toBeVisible();
  await expect(form.getByLabel("Channel")).toBeFocused();
  if (SHOTS) {
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/interaction-form-open.png` });
  }

  // Without a subject the server refuses, beside the field, and nothing is logged.
  await form.getByRole("button", { name: "Log interaction" }).click();
  await expect(form.getByText("Say what it was about.")).toBeVisible();
  await expect(form.getByRole("alert")).toHaveText("Some fields need attention.");

  const subject = `Router keeps dropping the connection (${Date.now()})`;
  await form.getByLabel("Channel").selectOption("phone");
  await form.getByLabel("Inbound").check();
  await form.getByLabel("Subject").fill(subject);
  await form.getByLabel("Summary").fill("Walked her through a factory reset; the line is stable now.");
  await form.getByLabel("Outcome (optional)").selectOption("resolved");
  // Her cases are offered; pick the first one.
  const caseSelect = form.getByLabel("Case (optional)");
  const firstCase = await caseSelect.locator("option").nth(1).getAttribute("value");
  expect(firstCase).toMatch(/^[0-9a-f-]{36}$/);
  await caseSelect.selectOption(firstCase!);
  await form.getByLabel("Length in minutes (optional)").fill("12");
  if (SHOTS)
    await page.screenshot({
      path: `${SHOTS}/interaction-form.png`,
      fullPage: false,
    });
  await form.getByRole("button", { name: "Log interaction" }).click();

  // Arjun is on shift as the demo starts, so the call is linked to that shift.
  await expect(page.getByRole("status").getByText(/^Interaction logged \(on shift .+\)\.$/)).toBeVisible();
  const first = page.getByTestId("customer-timeline").getByRole("listitem").first();
  await expect(first).toContainText(`Call with Arjun Mehta: ${subject}`);
  await expect(first).toContainText("Resolved");
  await expect(first).not.toContainText("Off shift");
  // The form closed itself for the next one.
  await expect(page.getByRole("form", { name: "Log interaction" })).toBeHidden();
  if (SHOTS)
    await page.screenshot({
      path: `${SHOTS}/interaction-logged.png`,
      fullPage: false,
    });

  // Still first after a reload.
  await page.reload();
  await expect(page.getByTestId("customer-timeline").getByRole("listitem").first()).toContainText(subject);
});

test("work logged outside the agent's shifts waits for a supervisor, who marks it reviewed", async ({ page }) => {
  // Three people in turn (the agent, a supervisor, a user without an agent profile), a dozen pages: 13 s alone,
  // past the default 30 s beside the other worker on a 2-core CI machine.
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "agent@demo.test");
  await openCustomer(page, "zoe mull", /Zoë Müller/);
  await expect(page.getByRole("heading", { level: 1, name: "Zoë Müller" })).toBeVisible();

  // Long before the demo's shifts: 1 June 2025, 03:00 in the viewer's zone.
  const subject = `Late-night chat about a refund (${Date.now()})`;
  await page.getByRole("button", { name: "Log interaction" }).click();
  const form = page.getByRole("form", { name: "Log interaction" });
  await form.getByLabel("Channel").selectOption("chat");
  await form.getByLabel("Subject").fill(subject);
  await form.getByLabel("Summary").fill("Asked when the refund lands.");
  await form.getByLabel("Earlier").check();
  // "Earlier" without a time is refused beside it.
  await form.getByRole("button", { name: "Log interaction" }).click();
  await expect(form.getByText("Pick the date and time it started.")).toBeVisible();
  // A date and a 24-hour time: "3pm" is refused in the form, "300" reads as 03:00.
  await form.getByLabel("Started on").fill("2025-06-01");
  await form.getByLabel("Started at").fill("3pm");
  await form.getByRole("button", { name: "Log interaction" }).click();
  await expect(form.getByText("Use 24-hour time, like 09:30 or 17:00.")).toBeVisible();
  await form.getByLabel("Started at").fill("300");
  await form.getByLabel("Started at").blur();
  await expect(form.getByLabel("Started at")).toHaveValue("03:00");
  await form.getByRole("button", { name: "Log interaction" }).click();
  await expect(page.getByRole("status").getByText("Logged as off-shift: a supervisor will review it.")).toBeVisible();

  // The agent has no review page.
  await expect(page.getByRole("link", { name: "Off-shift review" })).toHaveCount(0);
  await signOut(page);

  await signIn(page, "supervisor@demo.test");
  await page.getByRole("link", { name: "Off-shift review" }).click();
  await expect(page).toHaveURL(/\/interactions\/review$/);
  await expect(page.getByRole("heading", { level: 1, name: "Off-shift review" })).toBeVisible();

  // Newest first: follow "More" until the row from 2025 shows (the demo may hold newer off-shift work).
  const list = page.getByRole("list", { name: "Off-shift interactions" });
  const row = list.getByRole("listitem").filter({ hasText: subject });
  for (let pages = 0; pages < 40 && (await row.count()) === 0; pages++) {
    const more = page.getByRole("link", { name: /^More/ });
    await expect(more).toBeVisible();
    await more.click();
    await expect(page).toHaveURL(/after=/);
  }
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: "Zoë Müller" })).toHaveAttribute("href", /^\/customers\/[0-9a-f-]{36}$/);
  await expect(row).toContainText("Arjun Mehta");
  await expect(row).toContainText("Chat");
  await expect(row).toContainText("Asked when the refund lands.");
  await expect(row).toContainText("1 Jun 2025, 03:00");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/review.png`, fullPage: false });

  await row.getByRole("button", { name: /^Mark reviewed/ }).click();
  await expect(page.getByRole("status").getByText(/^Marked reviewed: Arjun Mehta with Zoë Müller, 1 Jun 2025, 03:00\.$/)).toBeVisible();
  await expect(row).toHaveCount(0);

  // Gone for good: not on a reload either.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Off-shift review" })).toBeVisible();
  await expect(page.getByText(subject)).toHaveCount(0);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-after.png` });

  // Sofia has no agent record: the server refuses her log, and the form says why.
  await openCustomer(page, "zoe mull", /Zoë Müller/);
  await page.getByRole("button", { name: "Log interaction" }).click();
  const refused = page.getByRole("form", { name: "Log interaction" });
  await refused.getByLabel("Subject").fill("Checking in after the refund");
  await refused.getByRole("button", { name: "Log interaction" }).click();
  await expect(refused.getByRole("alert")).toHaveText("You are not set up as an agent yet. Ask a workforce planner.");
  await expect(page.getByTestId("customer-timeline")).not.toContainText("Checking in after the refund");
});
