import { expect, test } from "@playwright/test";
import { apiCaller, signIn } from "./helpers";

// The frame around every page on a phone: one "Menu" button instead of a row of links scrolled sideways.

test("on a phone the menu button names the page, opens the whole navigation and closes on a choice or Escape", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "agent@demo.test");
  await page.goto("/my-schedule");
  const menu = page.locator("summary", { hasText: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main (compact)" });
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAccessibleName(/Menu, on My schedule/);
  // Every page of the role is one tap away, none hidden off the edge; the side bar is not shown at all.
  await expect(nav.getByRole("link", { name: "Customers" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main", exact: true })).toBeHidden();
  await menu.click();
  for (const label of ["Home", "Console", "Customers", "Quality", "My schedule", "My account"]) {
    await expect(nav.getByRole("link", { name: label, exact: true })).toBeInViewport();
  }
  await expect(nav.getByRole("link", { name: "My schedule" })).toHaveAttribute("aria-current", "page");
  // The search box keeps a row of its own, wide enough to read its hint.
  const search = page.getByRole("search", { name: "Customers" }).getByRole("combobox");
  expect((await search.boundingBox())!.width).toBeGreaterThan(300);

  await nav.getByRole("link", { name: "Customers" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAccessibleName(/Menu, on Customers/);

  // Keyboard: Enter opens it, Escape closes it and leaves the focus on the button.
  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(nav.getByRole("link", { name: "Home" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
});

test("on a wide screen the side bar is the navigation and there is no menu button", async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, "agent@demo.test");
  await page.goto("/my-schedule");
  await expect(page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "My schedule" })).toHaveAttribute("aria-current", "page");
  await expect(page.locator("summary", { hasText: "Menu" })).toBeHidden();
});

test("a link that goes away with its page hands the keyboard to the new page's heading; a side-bar link keeps it", async ({ page, request }) => {
  const supervisor = await apiCaller(request, "supervisor@demo.test");
  const customer = await supervisor("customers.create", { kind: "person", name: `Hedda Heading ${Date.now()}` });
  await page.setViewportSize({ width: 1366, height: 900 });
  await signIn(page, "supervisor@demo.test");
  await page.goto(`/customers/${customer.id}`);
  await page.getByRole("link", { name: "← Customers" }).click();
  await expect(page).toHaveURL(/\/customers$/);
  // Not <body>: the next Tab goes on from the top of the content, and a screen reader reads the page's name.
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeFocused();

  const sideBar = page.getByRole("navigation", { name: "Main", exact: true });
  await sideBar.getByRole("link", { name: "Home" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(sideBar.getByRole("link", { name: "Home" })).toBeFocused();
});
