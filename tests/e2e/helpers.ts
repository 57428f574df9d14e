import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "frontline-demo";

/** Signs in through the form; unless told the attempt should fail, waits until it has left /login. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, { expectFailure = false } = {}) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (!expectFailure) await page.waitForURL((url) => url.pathname !== "/login");
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** Signs `request` in as a demo user and returns a caller of tRPC procedures that expects each call to succeed. */
export async function apiCaller(request: APIRequestContext, email: string) {
  const login = await request.post("/login", { form: { email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(login.status()).toBe(303);
  return async (path: string, input: unknown) => {
    const r = await request.post(`/api/trpc/${path}`, { data: input });
    const body = await r.json();
    expect(r.ok(), JSON.stringify(body)).toBe(true);
    return body.result.data;
  };
}

/**
 * A fresh agent made by the admin through the API (so no demo shift is in the way): a new user and
 * its agent profile, hired 2025-06-01, no team or skills. Returns the agent.
 */
export async function createAgent(
  request: APIRequestContext,
  who: { email: string; name: string; password: string; timeZone: string; employeeNumber: string; employmentType?: "full_time" | "part_time"; contractHoursPerWeek?: number },
) {
  const admin = await apiCaller(request, "admin@demo.test");
  const user = await admin("users.create", { email: who.email, name: who.name, role: "agent", password: who.password });
  return admin("agents.create", {
    userId: user.id,
    employeeNumber: who.employeeNumber,
    timeZone: who.timeZone,
    laborRegion: "US-FLSA",
    employmentType: who.employmentType ?? "full_time",
    contractHoursPerWeek: who.contractHoursPerWeek ?? 40,
    hourlyRateCents: 2200,
    currency: "USD",
    teamId: null,
    hireDate: "2025-06-01",
    terminationDate: null,
    skills: [],
  });
}

/** A page in a browser whose clock is in `zone`, with the viewer_tz cookie a first visit would set, at the given size. */
export async function pageInZone(browser: Browser, zone: string, width: number, height: number) {
  const context = await browser.newContext({ timezoneId: zone, viewport: { width, height } });
  await context.addCookies([{ name: "viewer_tz", value: encodeURIComponent(zone), url: test.info().project.use.baseURL! }]);
  return context.newPage();
}

/** A date (YYYY-MM-DD, UTC) this many days ahead: clear of the demo's shifts and of other tests'. */
export function dateAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
