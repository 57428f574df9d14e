import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./helpers";

const ROLES = [
  { email: "admin@demo.test", name: "Ada Okafor", path: /\/admin\/users$/, heading: "Users" },
  { email: "hr@demo.test", name: "Hana Sato", path: /\/$/, heading: "Welcome, Hana" },
  { email: "planner@demo.test", name: "Pedro Alvarez", path: /\/schedule$/, heading: "Schedule board" },
  { email: "supervisor@demo.test", name: "Sofia Lindqvist", path: /\/schedule$/, heading: "Schedule board" },
  { email: "agent@demo.test", name: "Arjun Mehta", path: /\/my-schedule$/, heading: "My schedule" },
];

for (const role of ROLES) {
  test(`${role.email} signs in, lands on the role's home page, and signs out`, async ({ page }) => {
    await signIn(page, role.email);
    await expect(page).toHaveURL(role.path);
    await expect(page.getByRole("heading", { level: 1, name: role.heading })).toBeVisible();
    await expect(page.getByTestId("signed-in-user")).toHaveText(role.name);
    await signOut(page);
    // The session is gone: a protected page sends us back to sign in.
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  });
}

test("a wrong password shows an error and keeps the visitor signed out", async ({ page }) => {
  const response = page.waitForResponse((r) => r.url().includes("/login") && r.request().method() === "POST");
  await signIn(page, "agent@demo.test", "not-the-password", { expectFailure: true });
  expect((await response).status()).toBe(400);
  await expect(page.getByRole("alert")).toHaveText("The email or password is not right.");
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("only admins see the admin pages", async ({ page }) => {
  await signIn(page, "planner@demo.test");
  await expect(page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Users" })).toHaveCount(0);
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(403);
  await expect(page.getByText("Your role does not allow this page.")).toBeVisible();
});

test("after sign-in, the visitor returns to the page they asked for", async ({ page }) => {
  await page.goto("/admin/audit");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Faudit$/);
  await page.getByLabel("Email").fill("admin@demo.test");
  await page.getByLabel("Password").fill("frontline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
});
