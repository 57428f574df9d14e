import { expect, test, type Browser } from "@playwright/test";
import { localShiftInstants } from "../../server/workforce/local-time";
import { apiCaller, createAgent, dateAhead, DEMO_PASSWORD, pageInZone, signIn } from "./helpers";

// A page with several forms starts a form afresh only after its own successful submit: what is typed into
// the others, unsaved, stays.

const ZONE = "America/New_York";

const pageIn = (browser: Browser, width: number, height: number) => pageInZone(browser, ZONE, width, height);

test("my schedule: claiming a shift or cancelling a request keeps unsaved availability and a half-typed time-off request", async ({
  browser,
  request,
}) => {
  test.setTimeout(60_000);
  const stamp = Date.now();
  const email = `forms-${stamp}@example.com`;
  await createAgent(request, { email, name: `Fern Forms ${stamp % 100000}`, password: DEMO_PASSWORD, timeZone: ZONE, employeeNumber: `FF-${stamp}` });
  const agentApi = await apiCaller(request, email);
  await agentApi("availability.setMine", { slots: [{ weekday: 1, start: "09:00", end: "17:00" }] });
  const pending = await agentApi("timeOff.request", { fromDate: dateAhead(60), toDate: dateAhead(61), reason: "Dentist and rest" });
  expect(pending.status).toBe("pending");
  // An open shift only this test knows by its note, within the four weeks an agent may claim.
  const planner = await apiCaller(request, "planner@demo.test");
  const note = `Forms test ${stamp}`;
  const { startsAt, endsAt } = localShiftInstants(dateAhead(20), "09:00", "13:00", ZONE);
  await planner("shifts.create", { agentId: null, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), note });

  const page = await pageIn(browser, 1366, 900);
  await signIn(page, email);
  await page.goto("/my-schedule");
  const availability = page.getByRole("form", { name: "Weekly availability" });
  const timeOff = page.getByRole("form", { name: "Request time off" });
  await expect(availability.locator("fieldset")).toHaveCount(1);

  // Unsaved: Monday now ends at 18:00, and a Tuesday row is added.
  await availability.getByLabel("To", { exact: true }).first().fill("18:00");
  await availability.getByLabel("To", { exact: true }).first().blur();
  await availability.getByRole("button", { name: "Add a day" }).click();
  await expect(availability.locator("fieldset")).toHaveCount(2);
  await expect(availability.getByText("Unsaved changes")).toBeVisible();
  await timeOff.getByLabel("Reason").fill("Half-typed reason");

  const unsavedKept = async () => {
    await expect(availability.locator("fieldset")).toHaveCount(2);
    await expect(availability.getByLabel("To", { exact: true }).first()).toHaveValue("18:00");
    await expect(availability.getByText("Unsaved changes")).toBeVisible();
    await expect(timeOff.getByLabel("Reason")).toHaveValue("Half-typed reason");
  };

  // Another form's success: claim the open shift.
  const open = page.getByRole("list", { name: "Open shifts" }).getByRole("listitem").filter({ hasText: note });
  await open.getByRole("button", { name: "Claim" }).click();
  await expect(page.getByText(/^Shift claimed:/)).toBeVisible();
  await expect(page.getByRole("list", { name: "Open shifts" }).getByRole("listitem").filter({ hasText: note })).toHaveCount(0);
  await unsavedKept();

  // And another: cancel the pending request.
  await page.getByRole("button", { name: "Cancel request" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel request" }).click();
  await expect(page.getByText("Time-off request cancelled.").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel request" })).toHaveCount(0);
  await unsavedKept();

  // Its own success: the editor starts again from the week as stored; the time-off reason stays.
  await availability.getByRole("button", { name: "Save availability" }).click();
  await expect(page.getByText("Availability saved: 2 time slots a week.").first()).toBeVisible();
  await expect(availability.getByText("Unsaved changes")).toHaveCount(0);
  await expect(availability.locator("fieldset")).toHaveCount(2);
  // Each row's day, from and to, as the boxes hold them.
  const shown = async () =>
    Promise.all(
      (await availability.locator("fieldset").all()).map((row) =>
        row.locator("select, input").evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value)),
      ),
    );
  expect(await shown()).toEqual([
    ["1", "09:00", "18:00"],
    ["2", "09:00", "18:00"],
  ]);
  await expect(timeOff.getByLabel("Reason")).toHaveValue("Half-typed reason");
  // What it shows is what was stored.
  await page.reload();
  await expect(availability.locator("fieldset")).toHaveCount(2);
  expect(await shown()).toEqual([
    ["1", "09:00", "18:00"],
    ["2", "09:00", "18:00"],
  ]);
  await page.context().close();
});
