import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

/** The shell's search box: "/" focuses it from anywhere once the page is interactive. */
async function focusSearch(page: Page) {
  await expect(page.getByTestId("customer-search")).toHaveAttribute("data-ready", "true");
  await page.keyboard.press("/");
  const box = page.getByRole("combobox", { name: "Search customers" });
  await expect(box).toBeFocused();
  return box;
}

test("an agent finds a customer despite a typo, opens them from the search box and reads their timeline", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, "agent@demo.test");
  const box = await focusSearch(page);

  // "Siobahn" for Siobhán, the surname only begun: the search still finds her.
  await box.pressSequentially("Siobahn O'Br", { delay: 40 });
  const list = page.getByRole("listbox", { name: "Customers found" });
  const hit = list.getByRole("option", { name: /Siobhán O'Brien/ });
  await expect(hit).toBeVisible();
  await expect(hit).toContainText("Person");
  await expect(hit).toContainText("Ireland");
  await expect(hit).toContainText("matched name");

  // Escape closes the list; typing on opens it again.
  await box.press("Escape");
  await expect(list).toBeHidden();
  await box.press("ArrowDown");
  await expect(hit).toBeVisible();
  await expect(hit).toHaveAttribute("aria-selected", "true");
  await box.press("Enter");

  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Siobhán O'Brien" })).toBeVisible();
  const timeline = page.getByTestId("customer-timeline");
  await expect(timeline.getByText(/Case \d+ opened: /).first()).toBeVisible();
  await expect(timeline.getByText(/Note by /).first()).toBeVisible();
  // The box is cleared for the next search.
  await expect(page.getByRole("combobox", { name: "Search customers" })).toHaveValue("");
});

test("Enter without a picked customer goes to all results", async ({ page }) => {
  await signIn(page, "agent@demo.test");
  const box = await focusSearch(page);
  await box.pressSequentially("müller", { delay: 30 });
  await expect(page.getByRole("listbox", { name: "Customers found" }).getByRole("option", { name: /Zoë Müller/ })).toBeVisible();
  await box.press("Enter");
  await expect(page).toHaveURL(/\/customers\?q=m%C3%BCller$/);
});

test("an agent adds a note on a customer and it appears at the top of the timeline", async ({ page }) => {
  await signIn(page, "agent@demo.test");
  const box = await focusSearch(page);
  await box.pressSequentially("zoe mull", { delay: 40 });
  await page.getByRole("listbox", { name: "Customers found" }).getByRole("option", { name: /Zoë Müller/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Zoë Müller" })).toBeVisible();

  const text = `Called about the late parcel; promised a call back on Friday (${Date.now()}).`;
  // An empty note is refused beside the field, and nothing is added.
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByText("Write something first.")).toBeVisible();

  await page.getByLabel("Add a note").fill(text);
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByRole("status").getByText("Note added to the timeline.")).toBeVisible();
  const first = page.getByTestId("customer-timeline").getByRole("listitem").first();
  await expect(first).toContainText("Note by Arjun Mehta");
  await expect(first).toContainText(text);
  await expect(page.getByLabel("Add a note")).toHaveValue("");

  // Still there, and still first, after a reload.
  await page.reload();
  await expect(page.getByTestId("customer-timeline").getByRole("listitem").first()).toContainText(text);
});

test("a supervisor creates a company, fixing a refused phone, then adds a contact and opens a case on it", async ({ page }) => {
  await signIn(page, "supervisor@demo.test");
  await page.goto("/customers/new");
  const name = `Fjordline Kayaks AS ${Date.now() % 100000}`;
  await page.getByText("Company", { exact: true }).click();
  await page.getByLabel("Company name").fill(name);
  await page.getByLabel("Email").fill("hello@fjordline");
  await page.getByLabel("Country").selectOption("NO");
  await page.getByLabel("Phone", { exact: true }).fill("12");
  await page.getByRole("button", { name: "Create customer" }).click();
  // Refused beside each field at once (email and phone in one answer), with what was typed kept.
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Not a valid phone number for NO: 12.")).toBeVisible();
  await expect(page.getByLabel("Company name")).toHaveValue(name);
  await page.getByLabel("Email").fill("hello@fjordline.example");

  await page.getByLabel("Phone", { exact: true }).fill("406 12 345");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("status").getByText(`${name} was created.`)).toBeVisible();
  await expect(page.getByRole("link", { name: "+47 40 61 23 45" })).toBeVisible();

  await page.getByRole("button", { name: "Add contact" }).click();
  await page.getByLabel("First name").fill("Ingrid");
  await page.getByLabel("Last name").fill("Haugen");
  await page.getByLabel("Job title").fill("Head of Finance");
  await page.getByRole("button", { name: "Add contact", exact: true }).last().click();
  await expect(page.getByRole("status").getByText("Added Ingrid Haugen as a contact.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Contacts (1)" })).toBeVisible();

  await page.getByRole("button", { name: "New case" }).click();
  await page.getByLabel("Subject").fill("Invoice shows the wrong VAT rate");
  await page.getByLabel("Contact").selectOption({ label: "Ingrid Haugen" });
  await page.getByRole("button", { name: "Create case" }).click();
  await expect(page.getByRole("status").getByText(/Case \d+ opened\./)).toBeVisible();
  const openCases = page.getByRole("list", { name: "Open cases" });
  await expect(openCases.getByText("Invoice shows the wrong VAT rate")).toBeVisible();
  await expect(openCases.getByText("Contact: Ingrid Haugen")).toBeVisible();
  await expect(page.getByTestId("customer-timeline").getByRole("listitem").first()).toContainText("Invoice shows the wrong VAT rate");

  // Closing it moves it out of the open list.
  await openCases.getByRole("button", { name: /^Close case/ }).click();
  await expect(page.getByRole("status").getByText(/Case \d+ closed\./)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Cases · 0 open" })).toBeVisible();
});
