import { expect, type Page } from "@playwright/test";

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
