import { expect, test } from "@playwright/test";
import { createAgent, signIn } from "./helpers";

function localDateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("a planner posts an open shift, an agent claims it, and the board shows it assigned", async ({ browser, request }) => {
  test.setTimeout(60_000);
  const stamp = Date.now();
  const email = `picker-${stamp}@example.com`;
  const name = `Pia Picker ${stamp % 10000}`;
  await createAgent(request, {
    email,
    name,
    password: "marketplace-pass-1",
    timeZone: "America/New_York",
    employeeNumber: `MK-${stamp}`,
    employmentType: "part_time",
    contractHoursPerWeek: 20,
  });
  const day = localDateInDays(18);
  const note = `Weekend surge ${stamp}`;

  // The planner posts the open shift from the board.
  const plannerContext = await browser.newContext({ timezoneId: "America/New_York" });
  const planner = await plannerContext.newPage();
  await signIn(planner, "planner@demo.test");
  await expect(planner).toHaveURL(/\/schedule$/);
  await planner.goto(`/schedule?date=${day}`);
  await planner.getByRole("link", { name: "Post open shift" }).click();
  const panel = planner.getByRole("dialog", { name: "Post an open shift" });
  // The panel takes focus when it opens, and Escape closes it as it would a dialog.
  await expect(panel.getByRole("heading", { name: "Post an open shift" })).toBeFocused();
  await planner.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await planner.getByRole("link", { name: "Post open shift" }).click();
  await panel.getByLabel("Date").fill(day);
  await panel.getByLabel("Start").fill("10:00");
  await panel.getByLabel("End").fill("14:00");
  await panel.getByLabel("Note").fill(note);
  await panel.getByRole("button", { name: "Post open shift" }).click();
  await expect(planner.getByRole("status").getByText("Open shift posted. Eligible agents can claim it now.")).toBeVisible();
  const openLane = planner.locator('tr[data-row="open"]');
  await expect(openLane.getByRole("link", { name: new RegExp(note) })).toBeVisible();

  // The agent, in another browser, sees it among the shifts they may pick up, and claims it.
  const agentContext = await browser.newContext({ timezoneId: "America/New_York" });
  const agent = await agentContext.newPage();
  await signIn(agent, email, "marketplace-pass-1");
  await expect(agent).toHaveURL(/\/my-schedule$/);
  const offer = agent.locator("li, article, tr").filter({ hasText: note }).last();
  await expect(offer).toBeVisible();
  await offer.getByRole("button", { name: "Claim" }).click();
  await expect(agent.getByRole("status").getByText(/Shift claimed/)).toBeVisible();

  // Back on the board, the shift sits in the agent's row and has left the open lane.
  await planner.reload();
  const row = planner.locator("tr", { has: planner.getByRole("rowheader", { name: new RegExp(name) }) });
  await expect(row.getByRole("link", { name: new RegExp(`${name}: 10:00–14:00`) })).toBeVisible();
  await expect(openLane.getByRole("link", { name: new RegExp(note) })).toHaveCount(0);

  await plannerContext.close();
  await agentContext.close();
});
