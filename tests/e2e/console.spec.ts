import { expect, test, type Page } from "@playwright/test";
import { signIn } from "./helpers";

const SHOTS = process.env.E2E_SHOTS_DIR;

async function createApiKey(page: Page): Promise<string> {
  await signIn(page, "admin@demo.test");
  await page.goto("/admin/api-keys");
  await page.getByLabel("Name").fill(`Console e2e ${Date.now()}`);
  await page.getByLabel("Requests a minute").fill("120");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByLabel("New API key");
  await expect(shown).toHaveValue(/^flk_/);
  return shown.inputValue();
}

test("a customer asks for a human through the API; the agent's console shows it without a reload; the agent accepts, resolves, and it is on the customer's timeline", async ({
  browser,
  request,
}) => {
  const adminContext = await browser.newContext();
  const agentContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const token = await createApiKey(await adminContext.newPage());
  const agent = await agentContext.newPage();

  await signIn(agent, "agent@demo.test");
  await agent.getByRole("link", { name: "Console" }).click();
  await expect(agent.getByRole("heading", { level: 1, name: "Console" })).toBeVisible();
  await expect(agent.getByText(/^On shift /)).toBeVisible();
  await expect(agent.getByText("Live", { exact: true })).toBeVisible();

  // Available: customers already waiting for Arjun's skills are offered first. He passes on them.
  await agent.getByRole("button", { name: "Available" }).click();
  await expect(agent.getByRole("button", { name: "Available" })).toHaveAttribute("aria-pressed", "true");
  const offer = agent.getByTestId("offer");
  const customerName = `Ines Whitcombe ${Date.now() % 100000}`;
  for (let i = 0; i < 10; i++) {
    await agent.waitForTimeout(500);
    if (!(await offer.isVisible())) break;
    await offer.getByRole("button", { name: "Decline" }).click();
    await expect(agent.getByRole("status").getByText("Declined: the customer went back to the queue.")).toBeVisible();
  }
  await expect(offer).toBeHidden();

  // A program outside asks for a human, as plain JSON with the key.
  const asked = await request.post("/api/trpc/handoff.request", {
    headers: { authorization: `Bearer ${token}` },
    data: {
      customer: { email: `ines-${Date.now()}@example.org`, name: customerName, country: "GB" },
      reason: "Parcel marked delivered but never arrived",
      channel: "chat",
      language: "en",
      skill: "general",
      transcript: [
        { from: "customer", text: "My parcel says delivered but it isn't here" },
        { from: "bot", text: "I'm sorry. Let me get a person to help." },
      ],
    },
  });
  expect(asked.status()).toBe(200);
  const requested = (await asked.json()).result.data;
  expect(requested.status).toBe("offered");

  // The console shows it without a reload.
  await expect(offer).toContainText(`${customerName} wants a human`);
  await expect(offer).toContainText("Parcel marked delivered but never arrived");
  await expect(offer.getByText(/^Accept within \d+ s$/)).toBeVisible();
  if (SHOTS) await agent.screenshot({ path: `${SHOTS}/console-offer.png` });
  await offer.getByRole("button", { name: "Accept" }).click();

  const conversation = agent.getByTestId("conversation");
  await expect(conversation.getByRole("heading", { name: `With ${customerName}` })).toBeVisible();
  await expect(conversation.getByText("My parcel says delivered but it isn't here")).toBeVisible();
  // The customer's record is open beside it.
  await expect(conversation.getByRole("heading", { name: customerName, exact: true })).toBeVisible();
  // The requester sees an agent is with the customer.
  const polled = await request.get(`/api/trpc/handoff.status?input=${encodeURIComponent(JSON.stringify({ handoffId: requested.handoffId }))}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect((await polled.json()).result.data).toMatchObject({ status: "active", agentName: "Arjun Mehta" });
  // Whoever opens the customer's record meanwhile reads that Arjun has them.
  const admin = await adminContext.newPage();
  await admin.goto(`/customers/${requested.customerId}`);
  const banner = admin.getByRole("region", { name: "Request for a human" });
  await expect(banner).toContainText(/Talking with Arjun Mehta since \d\d:\d\d/);
  await expect(banner).toContainText("Chat · General support · English: “Parcel marked delivered but never arrived”");

  const subject = `Lost parcel reported to the carrier (${Date.now()})`;
  await conversation.getByLabel("Subject").fill(subject);
  await conversation.getByLabel("Summary").fill("Opened a trace with the carrier; a replacement ships if not found in 3 days.");
  await conversation.getByLabel("Outcome").selectOption("follow_up");
  if (SHOTS) await agent.screenshot({ path: `${SHOTS}/console-conversation.png` });
  await conversation.getByRole("button", { name: "Resolve and log" }).click();
  await expect(agent.getByRole("status").getByText("Resolved and logged on the customer's timeline, linked to your shift.")).toBeVisible();
  await expect(conversation).toBeHidden();

  // On the customer's timeline, as a chat with Arjun, on shift.
  await agent.goto(`/customers/${requested.customerId}`);
  const first = agent.getByTestId("customer-timeline").getByRole("listitem").first();
  await expect(first).toContainText(`Chat with Arjun Mehta: ${subject}`);
  await expect(first).toContainText("Follow-up");
  await expect(first).not.toContainText("Off shift");
  await expect(agent.getByRole("region", { name: "Request for a human" })).toHaveCount(0);

  // The customer rates it through the API.
  const rated = await request.post("/api/trpc/handoff.csat", {
    headers: { authorization: `Bearer ${token}` },
    data: { handoffId: requested.handoffId, score: 4 },
  });
  expect((await rated.json()).result.data).toMatchObject({ csat: 4 });

  await agent.goto("/console");
  // "Live" shows once the page's scripts run: a click before that can fall between the server's HTML and React.
  await expect(agent.getByText("Live", { exact: true })).toBeVisible();
  await agent.getByRole("button", { name: "Away" }).click();
  await expect(agent.getByRole("button", { name: "Away" })).toHaveAttribute("aria-pressed", "true");
  await adminContext.close();
  await agentContext.close();
});

test("the supervisor wall shows who is on shift and the queue, and updates without a reload", async ({ page, browser }) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signIn(page, "supervisor@demo.test");
  await page.getByRole("link", { name: "Supervisor wall" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Supervisor wall" })).toBeVisible();
  await expect(page.getByText("Live", { exact: true })).toBeVisible();
  const arjun = page.getByTestId("wall-agents").getByRole("row").filter({ hasText: "Arjun Mehta" });
  await expect(arjun).toContainText("Away");

  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  await signIn(agent, "agent@demo.test");
  await agent.goto("/console");
  // "Live" shows once the page's scripts run: a click before that can fall between the server's HTML and React.
  await expect(agent.getByText("Live", { exact: true })).toBeVisible();
  await agent.getByRole("button", { name: "Busy" }).click();
  // The wall changes by itself.
  await expect(arjun).toContainText("Busy");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/wall.png`, fullPage: true });
  await agent.getByRole("button", { name: "Away" }).click();
  await expect(arjun).toContainText("Away");
  await agentContext.close();
});
