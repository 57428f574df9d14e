import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { localShiftInstants, nextLocalDate } from "../../server/workforce/local-time";
import { apiCaller, createAgent, signIn } from "./helpers";

const ZONE = "America/New_York";

/** A fresh agent (so no demo shift is in the way) with two night shifts: one across a week's edge, one mid-week. */
async function agentWithNights(request: APIRequestContext, name: string, sunday: string) {
  const agent = await createAgent(request, {
    email: `night-${Date.now()}@example.com`,
    name,
    password: "board-layout-pass-1",
    timeZone: ZONE,
    employeeNumber: `BL-${Date.now()}`,
  });
  const planner = await apiCaller(request, "planner@demo.test");
  const tuesday = nextLocalDate(nextLocalDate(sunday));
  for (const date of [sunday, tuesday]) {
    const { startsAt, endsAt } = localShiftInstants(date, "22:00", "06:00", ZONE);
    await planner("shifts.create", {
      agentId: agent.id,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      note: `Night ${date}`,
      override: { reason: "Board layout test" },
    });
  }
  return { tuesday };
}

/** A Sunday five weeks or more ahead, as a local date. */
function sundayAhead(): string {
  const d = new Date(Date.now() + 35 * 86_400_000);
  d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  expect(b).not.toBeNull();
  return b!;
}

/** No serious or critical WCAG 2.1 A/AA violation (as tests/e2e/accessibility.spec.ts checks every page). */
async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join("\n    ")}`);
  expect(report, `${what}:\n${report.join("\n")}`).toEqual([]);
}

function rowOf(page: Page, name: string) {
  return page.locator("tr", { has: page.getByRole("rowheader", { name }) });
}

test("overnight shifts show on both days they touch, cut at the edges and saying so; the add link covers none", async ({ browser, request }) => {
  test.setTimeout(60_000);
  const name = `Nadia Night ${Date.now() % 100000}`;
  const sunday = sundayAhead();
  const monday = nextLocalDate(sunday);
  const { tuesday } = await agentWithNights(request, name, sunday);
  const wednesday = nextLocalDate(tuesday);

  const context = await browser.newContext({ timezoneId: ZONE, viewport: { width: 1366, height: 900 } });
  await context.addCookies([{ name: "viewer_tz", value: encodeURIComponent(ZONE), url: test.info().project.use.baseURL! }]);
  const page = await context.newPage();
  await signIn(page, "planner@demo.test");

  // Day view of Wednesday: Tuesday's night is carried over, from the day's left edge to 06:00.
  await page.goto(`/schedule?view=day&date=${wednesday}`);
  const row = rowOf(page, name);
  const carried = row.getByRole("link", { name: new RegExp(`${name}: .*22:00.*06:00 \\(continues from`) });
  await expect(carried).toBeVisible();
  await expect(carried).toHaveAttribute("data-cut", "start");
  await expect(carried).toContainText("until 06:00");
  const timeline = row.locator("td").first();
  const [block, lane] = [await box(carried), await box(timeline)];
  expect(Math.abs(block.x - lane.x)).toBeLessThan(2);
  // 6 of 24 hours.
  expect(block.width / lane.width).toBeGreaterThan(0.22);
  expect(block.width / lane.width).toBeLessThan(0.28);

  // Day view of Tuesday: the same night runs past midnight, to the right edge, and says until when.
  await page.goto(`/schedule?view=day&date=${tuesday}`);
  const late = row.getByRole("link", { name: /continues into/ });
  await expect(late).toHaveAttribute("data-cut", "end");
  // Two hours of the day: too narrow for "until Wed 06:00", so the bar shows its start and an arrow.
  await expect(late).toContainText("22:00–");
  const lateBox = await box(late);
  const laneBox = await box(row.locator("td").first());
  expect(Math.abs(lateBox.x + lateBox.width - (laneBox.x + laneBox.width))).toBeLessThan(2);
  // The add link sits in its own cell, clear of the late block, and works from the keyboard.
  const add = row.getByRole("link", { name: `Add a shift for ${name} on ${tuesday}` });
  const addBox = await box(add);
  expect(addBox.x).toBeGreaterThanOrEqual(lateBox.x + lateBox.width);
  await expectAccessible(page, "day view with cut shifts");
  await add.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog", { name: "New shift" })).toBeVisible();

  // Week view: Sunday's night sits on the week's last day, running on; the next week shows it carried over on Monday.
  await page.goto(`/schedule?date=${sunday}`);
  const sundayCell = row.locator("td").nth(6);
  await expect(sundayCell.getByRole("link", { name: /continues into/ })).toContainText(`22:00 until Mon 06:00`);
  await page.goto(`/schedule?date=${monday}`);
  const mondayCell = row.locator("td").first();
  const carriedIntoWeek = mondayCell.getByRole("link", { name: /continues from/ });
  await expect(carriedIntoWeek).toHaveAttribute("data-cut", "start");
  await expect(carriedIntoWeek).toContainText("until 06:00 (from Sun 22:00)");
  await expectAccessible(page, "week view with a carried-over shift");
  // Tuesday's night, inside the week, is one block on Tuesday marked (+1).
  await expect(row.locator("td").nth(1).getByRole("link", { name: `${name}: 22:00–06:00 (+1) · Night ${tuesday}` })).toBeVisible();
  await expect(row.locator("td").nth(2).getByRole("link")).toHaveCount(1); // only the add link on Wednesday

  // At 1024 px the week fits without sideways scrolling, and names stay on screen.
  await page.setViewportSize({ width: 1024, height: 800 });
  const region = page.getByRole("region", { name: "Schedule board, week view" });
  const fits = await region.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
  expect(fits).toBe(true);
  await page.getByRole("rowheader", { name }).scrollIntoViewIfNeeded();
  expect((await box(page.getByRole("rowheader", { name }))).x).toBeGreaterThan(0);
  const lastDay = await box(row.locator("td").nth(6));
  expect(lastDay.x + lastDay.width).toBeLessThanOrEqual(1024);

  await context.close();
});
