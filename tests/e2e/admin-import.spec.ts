import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

const MESSY = path.join(import.meta.dirname, "..", "fixtures", "salesforce", "messy");
const FILES = ["Account.csv", "Contact.csv", "Case.csv", "Task.csv"].map((f) => path.join(MESSY, f));

test("an admin uploads a Salesforce export, watches it finish, and reads the rejected rows", async ({ page }) => {
  await signIn(page, "admin@demo.test");
  await page.goto("/admin/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import from Salesforce" })).toBeVisible();
  await expect(page.getByText("No imports yet")).toBeVisible();

  // A file that is not part of an export is refused, and nothing starts.
  const files = page.getByLabel("Export files");
  await files.setInputFiles([
    { name: "Account.csv", mimeType: "text/csv", buffer: fs.readFileSync(FILES[0]!) },
    { name: "Opportunity.csv", mimeType: "text/csv", buffer: Buffer.from("Id,Name\n1,x\n") },
  ]);
  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    'Only Account.csv, Contact.csv, Case.csv, Task.csv can be imported; refused "Opportunity.csv". Nothing was imported.',
  );
  await expect(page.getByText("No imports yet")).toBeVisible();

  await files.setInputFiles(FILES);
  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page.getByRole("status").getByText("Import started: Account.csv, Contact.csv, Case.csv, Task.csv.")).toBeVisible();

  // The page polls until the run ends.
  const progress = page.getByRole("region", { name: "Import progress" });
  await expect(progress.getByRole("row").filter({ hasText: "Case" }).getByText("Done")).toBeVisible({ timeout: 20_000 });
  const account = progress.locator('tr[data-object="Account"]');
  await expect(account.getByRole("cell").nth(1)).toHaveText("8"); // rows read
  await expect(account.getByRole("cell").nth(2)).toHaveText("5"); // created
  await expect(progress.locator('tr[data-object="Contact"]').getByRole("cell").nth(2)).toHaveText("3");
  await expect(progress.locator('tr[data-object="Case"]').getByRole("cell").nth(2)).toHaveText("4");
  await expect(progress.locator('tr[data-object="Task"]').getByRole("cell").nth(2)).toHaveText("5"); // calls and emails imported

  const rejected = page.getByRole("region", { name: "Rejected rows" });
  await expect(rejected.getByRole("heading")).toHaveText("Rejected rows (6)");
  await expect(rejected.getByRole("row", { name: "Account.csv 6 missing Name" })).toBeVisible();
  await expect(rejected.getByRole("row", { name: 'Contact.csv 5 invalid Email "bob@"' })).toBeVisible();

  const history = page.locator("section", { has: page.getByRole("heading", { name: "Earlier imports" }) });
  await expect(history.getByRole("row")).toHaveCount(2);
  await expect(history.getByText("Finished")).toBeVisible();
  await expect(history.getByText("admin@demo.test")).toBeVisible();

  await page.getByText("JSON summary", { exact: true }).click();
  await expect(page.locator("pre")).toContainText('"customFieldsCreated"');
});

test("the import page is for admins only", async ({ page }) => {
  await signIn(page, "agent@demo.test");
  const response = await page.goto("/admin/import");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("button", { name: "Start import" })).toHaveCount(0);
});
