import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../server/auth/lucia";
import { authenticateApiKey, bearerToken, hashApiKey } from "../../server/support/api-keys.service";
import { createInnerContext } from "../../server/trpc/context";
import { router } from "../../server/trpc/init";
import { apiKeyProcedure } from "../../server/trpc/procedures";
import { callerFor, makeUser } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

let h: TestDatabase;
let admin: SessionUser;
let agent: SessionUser;
beforeAll(async () => {
  h = await freshDatabase();
  admin = await makeUser(h.db, "admin");
  agent = await makeUser(h.db, "agent");
});
afterAll(() => h.close());

const api = (user: SessionUser | null) => callerFor(h.db, user).caller;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : (error as { kind?: string }).kind ?? `THREW ${String(error)}`;
  }
}

// A procedure built with the real builder, served by tRPC's real fetch adapter.
const probeRouter = router({ whoami: apiKeyProcedure.query(({ ctx }) => ({ key: ctx.apiKey.name })) });
async function callProbe(authorization?: string) {
  const headers = new Headers();
  if (authorization) headers.set("authorization", authorization);
  const req = new Request("http://frontline.test/api/trpc/whoami", { headers });
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: probeRouter,
    createContext: ({ resHeaders }) => createInnerContext({ db: h.db, resHeaders, authorization: req.headers.get("authorization") }),
  });
}

describe("API keys", () => {
  it("are created by admins, shown once, and stored only as a hash", async () => {
    const created = await api(admin).apiKeys.create({ name: "Website bot" });
    expect(created.token).toMatch(/^flk_[A-Za-z0-9_-]{43}$/);
    expect(created.tokenPrefix).toBe(created.token.slice(0, 12));
    const row = await h.db.selectFrom("api_keys").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashApiKey(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const listed = await api(admin).apiKeys.list();
    expect(listed.find((k) => k.id === created.id)).toMatchObject({ name: "Website bot", tokenPrefix: created.tokenPrefix, revokedAt: null, createdBy: admin.email });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const audit = await h.db.selectFrom("audit_log").selectAll().where("entity_id", "=", created.id).execute();
    expect(audit.map((a) => a.action)).toEqual(["api_key.create"]);
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it("refuses a second live key with the same name, and non-admins entirely", async () => {
    await api(admin).apiKeys.create({ name: "Mobile app" });
    const error = await api(admin).apiKeys.create({ name: "mobile APP" }).catch((e: TRPCError) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("CONFLICT");
    expect((error as TRPCError).message).toMatch(/already named "mobile APP"/);
    expect(await h.db.selectFrom("api_keys").select("id").where("name", "ilike", "mobile app").execute()).toHaveLength(1);
    expect(await codeOf(api(agent).apiKeys.create({ name: "Sneaky" }))).toBe("FORBIDDEN");
    expect(await codeOf(api(agent).apiKeys.list())).toBe("FORBIDDEN");
  });

  it("let a program in with its key; a missing, wrong or revoked key is refused", async () => {
    const created = await api(admin).apiKeys.create({ name: "Chat widget" });
    expect(await authenticateApiKey(h.db, created.token)).toEqual({ id: created.id, name: "Chat widget" });
    expect(await codeOf(authenticateApiKey(h.db, null))).toBe("UNAUTHORIZED");
    expect(await codeOf(authenticateApiKey(h.db, created.token.slice(0, -1) + (created.token.endsWith("A") ? "B" : "A")))).toBe("UNAUTHORIZED");
    expect(await codeOf(authenticateApiKey(h.db, "not-a-key"))).toBe("UNAUTHORIZED");

    await api(admin).apiKeys.revoke({ apiKeyId: created.id });
    await expect(authenticateApiKey(h.db, created.token)).rejects.toThrow("This API key was revoked.");
    expect(await codeOf(api(admin).apiKeys.revoke({ apiKeyId: created.id }))).toBe("CONFLICT");
    // The name is free again once revoked.
    const again = await api(admin).apiKeys.create({ name: "Chat widget" });
    expect(again.id).not.toBe(created.id);
    const actions = await h.db.selectFrom("audit_log").select("action").where("entity_id", "=", created.id).orderBy("id").execute();
    expect(actions.map((a) => a.action)).toEqual(["api_key.create", "api_key.revoke"]);
  });

  it("counts requests per key per minute and refuses those over the limit until the next minute", async () => {
    const created = await api(admin).apiKeys.create({ name: "Limited", rateLimitPerMinute: 3 });
    const minute = new Date("2030-01-01T10:00:05Z");
    for (let i = 0; i < 3; i++) await authenticateApiKey(h.db, created.token, minute);
    const refused = await authenticateApiKey(h.db, created.token, minute).catch((e) => e);
    expect(refused.kind).toBe("TOO_MANY_REQUESTS");
    expect(refused.details).toEqual({ retryAfterSeconds: 55 });
    expect(refused.message).toMatch(/3 a minute/);
    expect(await authenticateApiKey(h.db, created.token, new Date("2030-01-01T10:01:00Z"))).toMatchObject({ name: "Limited" });
    const used = await h.db.selectFrom("api_keys").select("last_used_at").where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(used.last_used_at?.toISOString()).toBe("2030-01-01T10:01:00.000Z");
  });

  it("counts concurrent requests exactly: of 12 at once with a limit of 5, five get in", async () => {
    const created = await api(admin).apiKeys.create({ name: "Burst", rateLimitPerMinute: 5 });
    const at = new Date("2030-02-01T09:30:00Z");
    const results = await Promise.all(Array.from({ length: 12 }, () => codeOf(authenticateApiKey(h.db, created.token, at))));
    expect(results.filter((r) => r === "OK")).toHaveLength(5);
    expect(results.filter((r) => r === "TOO_MANY_REQUESTS")).toHaveLength(7);
  });

  it("reads only 'Authorization: Bearer <key>'", () => {
    expect(bearerToken("Bearer flk_abc")).toBe("flk_abc");
    expect(bearerToken("bearer  flk_abc ")).toBe("flk_abc");
    expect(bearerToken("Basic Zm9vOmJhcg==")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});

describe("a procedure for programs outside, over HTTP", () => {
  it("answers 401 without a key or with a wrong one, 200 with a good one, 429 with Retry-After over the limit", async () => {
    const created = await api(admin).apiKeys.create({ name: "HTTP probe", rateLimitPerMinute: 2 });
    expect((await callProbe()).status).toBe(401);
    expect((await callProbe("Bearer flk_wrong")).status).toBe(401);
    const ok = await callProbe(`Bearer ${created.token}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ result: { data: { key: "HTTP probe" } } });
    // Five more at a limit of two a minute: even if a minute turns meanwhile, at most four fit.
    const more = [];
    for (let i = 0; i < 5; i++) more.push(await callProbe(`Bearer ${created.token}`));
    const limited = more.find((r) => r.status !== 200);
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await limited!.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/Too many requests for this key/);
  });

  it("does not take a signed-in session for a key", async () => {
    const ctx = createInnerContext({ db: h.db, user: admin });
    const res = await probeRouter.createCaller(ctx).whoami().catch((e: TRPCError) => e);
    expect((res as TRPCError).code).toBe("UNAUTHORIZED");
  });
});
