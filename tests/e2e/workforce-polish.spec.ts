import { expect, test, type Browser, type Page } from "@playwright/test";
import { localShiftInstants, nextLocalDate } from "../../server/workforce/local-time";
import { apiCaller, createAgent, dateAhead, DEMO_PASSWORD, pageInZone, signIn } from "./helpers";

// Regressions of the workforce, support and admin pages' polish: phone widths, focus after a refusal, and times
// that the server and the browser write alike.

const ZONE = "America/New_York";

const pageIn = (browser: Browser, width: number, height: number) => pageInZone(browser, ZONE, width, height);


async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test("on a phone, no page scrolls sideways: wide tables scroll inside their cards", async ({ browser }) => {
  test.setTimeout(90_000);
  const pages: Record<string, string[]> = {
    "agent@demo.test": ["/", "/my-schedule", "/console"],
    "planner@demo.test": ["/schedule", "/schedule?view=day", "/agents", "/teams", "/skills"],
    "supervisor@demo.test": ["/wall", "/time-off", "/interactions/review", "/quality"],
    "admin@demo.test": ["/admin/users", "/admin/api-keys", "/admin/audit"],
  };
  for (const [email, paths] of Object.entries(pages)) {
    const page = await pageIn(browser, 390, 844);
    await signIn(page, email);
    for (const path of paths) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      expect(await sidewaysOverflow(page), `${path} as ${email}`).toBeLessThanOrEqual(0);
    }
    await page.context().close();
  }
});

test("my availability fits a phone: every row stays inside its card", async ({ browser }) => {
  const page = await pageIn(browser, 390, 844);
  await signIn(page, "agent@demo.test");
  await page.goto("/my-schedule");
  const form = page.getByRole("form", { name: "Weekly availability" });
  await form.getByRole("button", { name: "Add a day" }).click();
  const card = await form.boundingBox();
  const rows = form.locator("fieldset");
  expect(await rows.count()).toBeGreaterThan(0);
  for (const row of await rows.all()) {
    const b = await row.boundingBox();
    expect(b!.x + b!.width).toBeLessThanOrEqual(card!.x + card!.width + 0.5);
  }
  // The day box is wide enough for "Wed" and its arrow.
  const day = rows.first().getByLabel("Day", { exact: true });
  expect(await day.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.context().close();
});

test("a refused time-off request keeps what was typed and puts focus on the field to fix", async ({ browser }) => {
  const page = await pageIn(browser, 390, 844);
  await signIn(page, "agent@demo.test");
  await page.goto("/my-schedule");
  const form = page.getByRole("form", { name: "Request time off" });
  await form.getByLabel("First day").fill("2031-01-10");
  await form.getByLabel("Last day").fill("2031-01-05");
  await form.getByLabel("Reason").fill("Mountains");
  await form.getByRole("button", { name: "Request time off" }).click();
  await expect(form.getByText("The last day cannot be before the first.")).toBeVisible();
  await expect(form.getByLabel("Last day")).toBeFocused();
  await expect(form.getByLabel("First day")).toHaveValue("2031-01-10");
  await expect(form.getByLabel("Reason")).toHaveValue("Mountains");
  await page.context().close();
});

test("my schedule shows shift times as the home page does: this device's zone first, the agent's own under it", async ({ browser }) => {
  const page = await pageIn(browser, 390, 844);
  await signIn(page, "agent@demo.test");
  await page.goto("/my-schedule");
  await expect(page.getByText(`Times in this device's zone, ${ZONE}`)).toBeVisible();
  const first = page.getByRole("list", { name: "Upcoming shifts" }).getByRole("listitem").first();
  await expect(first).toContainText("· Asia/Kolkata");
  const onSchedule = (await first.locator("time").first().textContent())!.trim();
  await page.goto("/");
  const onHome = (await page.locator("time").first().textContent())!.trim();
  expect(onHome).toContain(onSchedule);
  await page.context().close();
});

test("a short night carried into the day view shows no cut-off text at 1024 px, only what fits", async ({ browser, request }) => {
  test.setTimeout(60_000);
  const stamp = Date.now();
  const name = `Cora Carry ${stamp % 100000}`;
  const agent = await createAgent(request, { email: `carry-${stamp}@example.com`, name, password: "carry-over-pass-1", timeZone: ZONE, employeeNumber: `CC-${stamp}` });
  const planner = await apiCaller(request, "planner@demo.test");
  const first = dateAhead(40);
  const third = nextLocalDate(nextLocalDate(first));
  // One hour and two hours into the next day.
  for (const [date, start, end] of [
    [first, "22:00", "01:00"],
    [third, "20:00", "02:00"],
  ] as const) {
    const { startsAt, endsAt } = localShiftInstants(date, start, end, ZONE);
    await planner("shifts.create", { agentId: agent.id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), override: { reason: "Polish test" } });
  }

  const page = await pageIn(browser, 1024, 768);
  await signIn(page, "planner@demo.test");
  for (const [day, until] of [
    [nextLocalDate(first), "01:00"],
    [nextLocalDate(third), "02:00"],
  ] as const) {
    await page.goto(`/schedule?view=day&date=${day}`);
    const row = page.locator("tr", { has: page.getByRole("rowheader", { name }) });
    const block = row.locator('[data-cut="start"]');
    await expect(block).toHaveCount(1);
    // The name and the tooltip still say it all.
    await expect(block).toHaveAttribute("aria-label", new RegExp(`${until} \\(continues from`));
    // Whatever text is shown fits: never "–0…".
    const clipped = await block.evaluate((el) =>
      [...el.querySelectorAll("span")].some((s) => s.offsetParent !== null && s.scrollWidth > s.clientWidth + 1),
    );
    expect(clipped).toBe(false);
    const box = (await block.boundingBox())!;
    expect(box.width).toBeGreaterThan(10);
  }
  await page.context().close();
});

test("breaking a schedule rule: focus goes to the reason, and saving without one says what is missing", async ({ browser, request }) => {
  test.setTimeout(60_000);
  const stamp = Date.now();
  const name = `Rhea Rested ${stamp % 100000}`;
  const agent = await createAgent(request, { email: `rest-${stamp}@example.com`, name, password: "rest-rule-pass-1", timeZone: ZONE, employeeNumber: `RR-${stamp}` });
  const planner = await apiCaller(request, "planner@demo.test");
  const day = dateAhead(44);
  const { startsAt, endsAt } = localShiftInstants(day, "09:00", "15:00", ZONE);
  await planner("shifts.create", { agentId: agent.id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), override: { reason: "Polish test" } });

  const page = await pageIn(browser, 1366, 900);
  await signIn(page, "planner@demo.test");
  await page.goto(`/schedule?date=${day}&panel=new&agent=${agent.id}&day=${day}`);
  const panel = page.getByRole("dialog", { name: "New shift" });
  await panel.getByLabel("Times are in").selectOption(ZONE);
  await panel.getByLabel("Start", { exact: true }).fill("17:00");
  await panel.getByLabel("End", { exact: true }).fill("20:00");
  await panel.getByRole("button", { name: "Create shift" }).click();
  await expect(panel.getByText("This breaks schedule rules:")).toBeVisible();
  const reason = panel.getByLabel(/Override reason/);
  await expect(reason).toBeFocused();
  await panel.getByRole("button", { name: "Create shift" }).click();
  await expect(panel.getByText("Write why these rules may be broken, or change the shift so it keeps them.")).toBeVisible();
  await expect(reason).toBeFocused();
  await reason.fill("Storm cover, agent agreed");
  await panel.getByRole("button", { name: "Create shift" }).click();
  await expect(page.getByRole("status").getByText("Shift created.")).toBeVisible();
  await page.context().close();
});

test("off-shift review shows the agent's own clock beside the viewer's", async ({ browser, request }) => {
  const stamp = Date.now();
  const email = `late-${stamp}@example.com`;
  await createAgent(request, { email, name: `Lata Late ${stamp % 100000}`, password: DEMO_PASSWORD, timeZone: "Asia/Kolkata", employeeNumber: `LL-${stamp}` });
  const supervisorApi = await apiCaller(request, "supervisor@demo.test");
  const customer = await supervisorApi("customers.create", { kind: "person", name: `Orla Offshift ${stamp}`, country: "IN" });
  const agentApi = await apiCaller(request, email);
  const subject = `Late reply ${stamp}`;
  // 23:30 in Kolkata, 13:00 in New York (in November).
  await agentApi("interactions.log", { customerId: customer.id, channel: "email", direction: "outbound", subject, startedAt: new Date(Date.now() - 60_000).toISOString() });

  const page = await pageIn(browser, 390, 844);
  await signIn(page, "supervisor@demo.test");
  await page.goto("/interactions/review");
  const item = page.getByRole("listitem").filter({ hasText: subject });
  await expect(item.getByText(/On the agent's clock: .* \(Asia\/Kolkata\)/)).toBeVisible();
  // On a phone the button goes under the text rather than squeezing it.
  const text = (await item.getByText(subject).boundingBox())!;
  expect(text.width).toBeGreaterThan(0);
  const li = (await item.boundingBox())!;
  const button = (await item.getByRole("button", { name: "Mark reviewed" }).boundingBox())!;
  expect(button.y).toBeGreaterThan(li.y + 40);
  await page.context().close();
});

test("pages with times hydrate without mismatches when the browser is not on UTC", async ({ browser }) => {
  const page = await pageIn(browser, 1366, 900);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && /Minified React error|did not match|Hydration/i.test(message.text())) errors.push(message.text());
  });
  await signIn(page, "admin@demo.test");
  for (const path of ["/admin/audit", "/admin/users", "/wall"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  expect(errors).toEqual([]);
  // The audit log says its zone, and writes its times in it.
  await page.goto("/admin/audit");
  await expect(page.getByRole("columnheader", { name: `When (${ZONE})` })).toBeVisible();
  await page.context().close();
});

test("adding a skill or a team with an empty name is refused on the page, in words, beside the field", async ({ page }) => {
  await signIn(page, "planner@demo.test");
  await page.goto("/skills");
  const skill = page.getByRole("form", { name: "Add a skill or language" });
  await skill.getByRole("button", { name: "Add" }).click();
  await expect(skill.getByText("Enter a name.")).toBeVisible();
  await expect(skill.getByLabel("Name")).toBeFocused();

  await page.goto("/teams");
  const team = page.getByRole("form", { name: "Add a team" });
  await team.getByRole("button", { name: /Add/ }).click();
  await expect(team.getByText("Enter a team name.")).toBeVisible();
  await expect(team.getByLabel("Name")).toBeFocused();
});
