import { expect, test, type Locator, type Page } from "@playwright/test";
import { createAgent, signIn } from "./helpers";

function localDateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the element that has keyboard focus is inside `container`. */
async function focusInside(page: Page, container: Locator): Promise<boolean> {
  const handle = await container.elementHandle();
  return page.evaluate((el) => !!el && el.contains(document.activeElement) && document.activeElement !== document.body, handle);
}

test.use({ viewport: { width: 1366, height: 900 } });

test("the board's side panel is a modal dialog: Tab stays inside, the backdrop closes it, focus goes back to its opener", async ({ page }) => {
  await signIn(page, "planner@demo.test");
  await page.goto(`/schedule?date=${localDateInDays(30)}`);
  const opener = page.getByRole("link", { name: "Post open shift" });
  await opener.click();
  const panel = page.getByRole("dialog", { name: "Post an open shift" });
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute("aria-modal", "true");
  await expect(panel.getByRole("heading", { name: "Post an open shift" })).toBeFocused();

  // Round the panel more than once in both directions: focus never reaches the board behind.
  const stops = await panel.locator('a[href], button:not([disabled]), input:not([type="hidden"]), select').count();
  expect(stops).toBeGreaterThan(5);
  for (let i = 0; i < stops * 2 + 2; i++) {
    await page.keyboard.press("Tab");
    expect(await focusInside(page, panel), `Tab ${i + 1} left the panel`).toBe(true);
  }
  for (let i = 0; i < stops + 3; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(await focusInside(page, panel), `Shift+Tab ${i + 1} left the panel`).toBe(true);
  }
  // Tab from the last control wraps to the first (the Close link), Shift+Tab from there to the last.
  await panel.getByRole("link", { name: "Close" }).focus();
  await page.keyboard.press("Shift+Tab");
  await expect(panel.getByRole("button", { name: "Post open shift" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(panel.getByRole("link", { name: "Close" })).toBeFocused();

  // The backdrop dims the board; a click on it (left of the panel) closes the panel, and focus returns to the opener.
  const backdrop = page.getByTestId("panel-backdrop");
  await expect(backdrop).toBeVisible();
  await page.mouse.click(200, 450);
  await expect(panel).toHaveCount(0);
  await expect(backdrop).toHaveCount(0);
  await expect(page).not.toHaveURL(/panel=/);
  await expect(opener).toBeFocused();

  // Escape closes it too, with the same focus return; so does the Close link.
  await page.getByRole("link", { name: "Repeat a shift" }).click();
  const repeat = page.getByRole("dialog", { name: "Repeat a shift" });
  await expect(repeat).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(repeat).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Repeat a shift" })).toBeFocused();
});

test("times are typed and shown in 24-hour HH:MM; a confirm opened from the panel keeps the backdrop from closing it", async ({ page }) => {
  const day = localDateInDays(31);
  const note = `Panel check ${Date.now()}`;
  await signIn(page, "planner@demo.test");
  await page.goto(`/schedule?date=${day}`);
  await page.getByRole("link", { name: "Post open shift" }).click();
  const panel = page.getByRole("dialog", { name: "Post an open shift" });
  const start = panel.getByLabel("Start");
  const end = panel.getByLabel("End");
  await expect(start).toHaveAttribute("type", "text");
  await expect(start).toHaveAttribute("placeholder", "HH:MM");
  await expect(start).toHaveValue("09:00");

  await start.fill("930");
  await start.press("Tab");
  await expect(start).toHaveValue("09:30");
  await end.fill("9pm");
  await end.press("Tab");
  await expect(panel.getByText("Use 24-hour time, like 09:30 or 17:00.")).toBeVisible();
  await expect(end).toHaveAttribute("aria-invalid", "true");
  // Text that is not a time stops the submit, with the field focused, and nothing is posted.
  await panel.getByLabel("Date").fill(day);
  await panel.getByLabel("Note").fill(note);
  await panel.getByRole("button", { name: "Post open shift" }).click();
  await expect(end).toBeFocused();
  await expect(panel).toBeVisible();
  await expect(page.getByRole("status").getByText("Open shift posted")).toHaveCount(0);

  // Enter submits without a blur: the typed "1730" still goes as 17:30.
  await end.fill("1730");
  await expect(panel.getByText("Use 24-hour time, like 09:30 or 17:00.")).toHaveCount(0);
  await end.press("Enter");
  await expect(page.getByRole("status").getByText("Open shift posted. Eligible agents can claim it now.")).toBeVisible();
  const posted = page.locator('tr[data-row="open"]').getByRole("link", { name: new RegExp(note) });
  await expect(posted).toContainText("09:30");

  // Editing shows the stored times as 24-hour text.
  await posted.click();
  const edit = page.getByRole("dialog", { name: "Edit shift" });
  await expect(edit.getByLabel("Start")).toHaveValue("09:30");
  await expect(edit.getByLabel("End")).toHaveValue("17:30");

  // With the cancel confirm showing, a click where the backdrop is closes nothing.
  await edit.getByRole("button", { name: "Cancel shift" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Cancel this shift?" });
  await expect(confirm).toBeVisible();
  await page.mouse.click(200, 450);
  await expect(confirm).toBeVisible();
  // (While the confirm shows, the panel is hidden from the accessibility tree, so look for it by its markup.)
  await expect(page.locator('[role="dialog"][aria-modal="true"]').filter({ hasText: "Edit shift" })).toBeVisible();
  await expect(page).toHaveURL(/panel=edit/);
  await confirm.getByRole("button", { name: "Keep shift" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(edit).toBeVisible();
  await expect(edit.getByRole("button", { name: "Cancel shift" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(edit).toHaveCount(0);
  await expect(posted).toBeFocused();
});

test("an agent's availability hours are 24-hour text too", async ({ page }) => {
  await signIn(page, "agent@demo.test");
  await page.goto("/my-schedule");
  const form = page.getByRole("form", { name: "Weekly availability" });
  await form.getByRole("button", { name: "Add a day" }).click();
  const from = form.getByLabel("From").last();
  await expect(from).toHaveAttribute("type", "text");
  await from.fill("730");
  await from.press("Tab");
  await expect(from).toHaveValue("07:30");
  await from.fill("7pm");
  await from.press("Tab");
  await expect(from).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Use 24-hour time, like 09:30 or 17:00.")).toBeVisible();
  // Not saved: the demo agent's stored week is left as it was.
});

test("an agent states a night that runs past midnight as one slot, and the planner reads it so", async ({ browser, request }) => {
  const stamp = Date.now();
  const email = `night-${stamp}@example.com`;
  const agent = await createAgent(request, {
    email,
    name: `Nina Night ${stamp % 10000}`,
    password: "night-owl-pass-1",
    timeZone: "Europe/Lisbon",
    employeeNumber: `NT-${stamp}`,
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, "night-owl-pass-1");
  await page.goto("/my-schedule");
  const form = page.getByRole("form", { name: "Weekly availability" });
  await form.getByRole("button", { name: "Add a day" }).click();
  const monday = form.locator("fieldset").nth(0);
  await monday.getByLabel("Day", { exact: true }).selectOption({ label: "Mon" });
  await monday.getByLabel("From").fill("2200");
  await monday.getByLabel("To").fill("600");
  await monday.getByLabel("To").press("Tab");
  await expect(monday.getByLabel("To")).toHaveValue("06:00");
  await expect(form.getByText("Until Tuesday 06:00 (next day).")).toBeVisible();

  // Tuesday's morning may not start before Monday's night ends; a row may not end when it starts.
  await form.getByRole("button", { name: "Add a day" }).click();
  const tuesday = form.locator("fieldset").nth(1);
  await expect(tuesday.getByLabel("Day", { exact: true })).toHaveValue("2");
  await tuesday.getByLabel("From").fill("05:00");
  await tuesday.getByLabel("To").fill("09:00");
  await form.getByRole("button", { name: "Save availability" }).click();
  await expect(form.getByText("Overlaps Monday 22:00–06:00 (next day).")).toBeVisible();
  await expect(tuesday.getByLabel("From")).toBeFocused();
  await expect(tuesday.getByLabel("From")).toHaveAttribute("aria-invalid", "true");
  await tuesday.getByLabel("From").fill("09:00");
  await expect(form.getByText("Ends when it starts. Give another end (one before the start is on the next day).")).toBeVisible();
  await expect(tuesday.getByLabel("To")).toHaveAttribute("aria-invalid", "true");
  await tuesday.getByLabel("From").fill("06:00");
  await expect(form.getByText(/Overlaps|Ends when it starts/)).toHaveCount(0);
  await form.getByRole("button", { name: "Save availability" }).click();
  await expect(page.getByText("Availability saved: 2 time slots a week.")).toBeVisible();
  await expect(form.getByText("Until Tuesday 06:00 (next day).")).toBeVisible();
  await context.close();

  const plannerPage = await browser.newPage();
  await signIn(plannerPage, "planner@demo.test");
  await plannerPage.goto(`/agents/${agent.id}`);
  const week = plannerPage.getByRole("table", { name: "Weekly availability" });
  await expect(week.getByRole("row", { name: /^Monday/ })).toContainText("22:00–06:00 (next day)");
  await expect(week.getByRole("row", { name: /^Tuesday/ })).toContainText("06:00–09:00");
  await plannerPage.close();
});
