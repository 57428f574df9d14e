import { expect, test } from "@playwright/test";
import { signIn, signOut } from "./helpers";

test("an admin adds a user, changes the role, disables them, and the audit log shows it all", async ({ page }) => {
  const stamp = Date.now().toString(36);
  const email = `e2e-${stamp}@example.com`;
  // A name of its own, so a rerun against the same server finds exactly this user.
  const name = `Elif Kaya ${stamp}`;
  await signIn(page, "admin@demo.test");
  await expect(page).toHaveURL(/\/admin\/users$/);

  const form = page.locator("form", { has: page.getByRole("button", { name: "Add user" }) });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("agent");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByText("Use at least 12 characters.")).toBeVisible();

  await form.getByLabel("Initial password").fill("elif initial password");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status").getByText(`Created ${email}.`)).toBeVisible();

  await page.getByLabel("Search users").fill(name);
  // The search is a navigation of its own: let it land before opening the user, or it may land after.
  await expect(page).toHaveURL(/[?&]q=Elif/);
  await expect(page.getByRole("link", { name: /^Elif Kaya/ })).toHaveCount(1);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  await page.getByLabel("Role").selectOption("supervisor");
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("status").getByText("Role changed to Supervisor.")).toBeVisible();

  await page.getByRole("button", { name: "Disable user" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText(`Disable ${name}?`);
  await dialog.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByRole("status").getByText("User disabled and signed out everywhere.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Enable user" })).toBeVisible();

  const history = page.locator("section", { has: page.getByRole("heading", { name: "History" }) });
  await expect(history.getByText("user.disabled")).toBeVisible();
  await expect(history.getByText('role: "agent" → "supervisor"')).toBeVisible();

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("cell", { name: "user.created" }).first()).toBeVisible();

  // The disabled user cannot sign in.
  await signOut(page);
  await signIn(page, email, "elif initial password", { expectFailure: true });
  await expect(page.getByRole("alert")).toHaveText("This account is disabled. Ask an administrator to enable it.");
});
