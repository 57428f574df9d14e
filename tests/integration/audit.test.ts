import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../../server/audit/audit.service";
import { callerFor, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";
import type { SessionUser } from "../../server/auth/lucia";

let h: TestDatabase;
let admin: SessionUser;

beforeAll(async () => {
  h = await freshDatabase();
  admin = await makeUser(h.db, "admin");
});
afterAll(() => h.close());

describe("the audit page's filters", () => {
  it("offer every action and record type the log holds, each once, and filter by them", async () => {
    const actor = { id: admin.id, label: admin.email, ip: null };
    for (let i = 0; i < 3; i++) {
      await recordAudit(h.db, actor, { action: "shift.claimed", entityType: "shift", entityId: `s${i}` });
      await recordAudit(h.db, actor, { action: "customer.erase", entityType: "customer", entityId: `c${i}` });
    }
    const api = callerFor(h.db, admin).caller;
    const facets = await api.audit.facets();
    expect(facets.actions).toEqual(expect.arrayContaining(["shift.claimed", "customer.erase", "user.created"]));
    expect(facets.entityTypes).toEqual(expect.arrayContaining(["shift", "customer", "user"]));
    expect(new Set(facets.actions).size).toBe(facets.actions.length);
    expect([...facets.actions].sort()).toEqual(facets.actions);

    const claimed = await api.audit.list({ action: "shift.claimed" });
    expect(claimed.entries.map((e) => e.entity_id)).toEqual(["s2", "s1", "s0"]);
    const customers = await api.audit.list({ entityType: "customer" });
    expect(customers.entries.every((e) => e.action === "customer.erase")).toBe(true);
  });

  it("are for admins only", async () => {
    const planner = await makeUser(h.db, "planner");
    await expect(callerFor(h.db, planner).caller.audit.facets()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
