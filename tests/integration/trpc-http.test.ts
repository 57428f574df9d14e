import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcHttpHandler, TRPC_ENDPOINT } from "../../server/http/trpc-handler";
import { createApiKey } from "../../server/support/api-keys.service";
import { makeUser, TEST_PASSWORD } from "../setup/fixtures";
import { freshDatabase, type TestDatabase } from "../setup/test-db";

/**
 * The API's lean path (plain single calls answered without tRPC's fetch
 * adapter) must answer exactly as the adapter does. Two servers on one
 * database, one lean and one through the adapter only, get the same requests;
 * status, headers that matter and bodies must match, and the lean server must
 * really have answered the plain calls itself.
 */

let h: TestDatabase;
const servers: Server[] = [];
let leanUrl: string;
let referenceUrl: string;
const routes: ("lean" | "adapter")[] = [];

async function serve(lean: boolean): Promise<string> {
  const app = express();
  app.all(`${TRPC_ENDPOINT}/*`, trpcHttpHandler(h.db, { lean, observe: lean ? (path) => routes.push(path) : undefined }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  h = await freshDatabase();
  leanUrl = await serve(true);
  referenceUrl = await serve(false);
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await h.close();
});

interface Probe {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

async function ask(base: string, probe: Probe) {
  const response = await fetch(base + probe.path, { method: probe.method ?? "GET", headers: probe.headers, body: probe.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    // Times differ by the milliseconds between the two calls.
    body = JSON.parse(text, (_key, value: unknown) => (typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value) ? "<time>" : value));
  } catch {
    // compared as text
  }
  const cookies = response.headers.getSetCookie().map((c) => c.replace(/=[^;]*/, "=…"));
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    retryAfter: response.headers.get("retry-after"),
    cookies,
    body,
  };
}

/** The same request to both servers; the answers must match. Returns which path the lean server took. */
async function same(probe: Probe) {
  const before = routes.length;
  const lean = await ask(leanUrl, probe);
  const reference = await ask(referenceUrl, probe);
  expect(lean, `${probe.method ?? "GET"} ${probe.path}`).toEqual(reference);
  expect(routes.length).toBe(before + 1);
  return { route: routes[routes.length - 1], answer: lean };
}

const json = { "content-type": "application/json" };

async function sessionCookie(email: string): Promise<string> {
  const response = await fetch(`${leanUrl}/api/trpc/auth.login`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return response.headers.getSetCookie()[0]!.split(";")[0]!;
}

describe("the API's lean path answers as tRPC's adapter does", () => {
  it("plain queries and mutations, signed in or not, with and without input", async () => {
    const user = await makeUser(h.db, "agent");
    const cookie = await sessionCookie(user.email);
    const signedIn = { cookie };

    const anonymous = await same({ path: "/api/trpc/auth.me" });
    expect(anonymous).toMatchObject({ route: "lean", answer: { status: 401 } });

    const me = await same({ path: "/api/trpc/auth.me", headers: signedIn });
    expect(me).toMatchObject({ route: "lean", answer: { status: 200, body: { result: { data: { email: user.email } } } } });
    expect(me.answer.contentType).toBe("application/json");

    const search = await same({ path: `/api/trpc/search.customers?input=${encodeURIComponent(JSON.stringify({ q: "nobody here" }))}`, headers: signedIn });
    expect(search).toMatchObject({ route: "lean", answer: { status: 200 } });

    // Input that fails validation: zod's field errors in the shape.
    const invalid = await same({ path: `/api/trpc/search.customers?input=${encodeURIComponent(JSON.stringify({ q: 5 }))}`, headers: signedIn });
    expect(invalid).toMatchObject({ route: "lean", answer: { status: 400, body: { error: { data: { code: "BAD_REQUEST" } } } } });

    // A mutation refused by the domain (no such shift) and one refused by its role check.
    const missing = await same({
      method: "POST",
      path: "/api/trpc/shifts.claim",
      headers: { ...signedIn, ...json },
      body: JSON.stringify({ shiftId: "00000000-0000-4000-8000-000000000000" }),
    });
    expect(missing.route).toBe("lean");
    expect(missing.answer.status).toBeGreaterThanOrEqual(400);
    const forbidden = await same({
      method: "POST",
      path: "/api/trpc/apiKeys.create",
      headers: { ...signedIn, ...json },
      body: JSON.stringify({ name: "not mine to make" }),
    });
    expect(forbidden).toMatchObject({ route: "lean", answer: { status: 403 } });

    // A trailing slash and JSON null as input are still plain calls.
    expect((await same({ path: "/api/trpc/auth.me/", headers: signedIn })).route).toBe("lean");
    expect((await same({ path: `/api/trpc/auth.me?input=null`, headers: signedIn })).route).toBe("lean");
  });

  it("sign-in sets the session cookie and sign-out clears it", async () => {
    const user = await makeUser(h.db, "planner");
    const login = await same({ method: "POST", path: "/api/trpc/auth.login", headers: json, body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }) });
    expect(login).toMatchObject({ route: "lean", answer: { status: 200 } });
    expect(login.answer.cookies).toHaveLength(1);
    // Each server signs out its own session.
    const cookies = [await sessionCookie(user.email), await sessionCookie(user.email)];
    const logoutLean = await ask(leanUrl, { method: "POST", path: "/api/trpc/auth.logout", headers: { ...json, cookie: cookies[0]! } });
    const logoutReference = await ask(referenceUrl, { method: "POST", path: "/api/trpc/auth.logout", headers: { ...json, cookie: cookies[1]! } });
    expect(logoutLean).toEqual(logoutReference);
    expect(logoutLean).toMatchObject({ status: 200, cookies: [expect.stringMatching(/^frontline_session=…;.*Max-Age=0/)] });
    expect(routes.at(-1)).toBe("lean");
    expect((await ask(leanUrl, { path: "/api/trpc/auth.me", headers: { cookie: cookies[0]! } })).status).toBe(401);
    const wrong = await same({ method: "POST", path: "/api/trpc/auth.login", headers: json, body: JSON.stringify({ email: user.email, password: "wrong" }) });
    expect(wrong).toMatchObject({ route: "lean", answer: { status: 400 } });
  });

  it("API keys: a wrong key 401, a rate-limited key 429 with Retry-After", async () => {
    const admin = { id: null, label: "test", ip: null };
    const keys = await Promise.all([1, 2].map((n) => createApiKey(h.db, admin, { name: `side by side ${n}`, rateLimitPerMinute: 1 })));
    const status = `/api/trpc/handoff.status?input=${encodeURIComponent(JSON.stringify({ handoffId: "00000000-0000-4000-8000-000000000000" }))}`;
    const wrongKey = await same({ path: status, headers: { authorization: "Bearer fl_nonsense" } });
    expect(wrongKey).toMatchObject({ route: "lean", answer: { status: 401 } });
    // Each server spends its own key: the first call is answered, the second is over the limit.
    const firstLean = await ask(leanUrl, { path: status, headers: { authorization: `Bearer ${keys[0]!.token}` } });
    const firstReference = await ask(referenceUrl, { path: status, headers: { authorization: `Bearer ${keys[1]!.token}` } });
    expect(firstLean).toEqual(firstReference);
    const limitedLean = await ask(leanUrl, { path: status, headers: { authorization: `Bearer ${keys[0]!.token}` } });
    const limitedReference = await ask(referenceUrl, { path: status, headers: { authorization: `Bearer ${keys[1]!.token}` } });
    expect(limitedLean).toEqual(limitedReference);
    expect(limitedLean.status).toBe(429);
    expect(Number(limitedLean.retryAfter)).toBeGreaterThan(0);
  });

  it("leaves batches, wrong methods, unknown paths and malformed requests to the adapter, answered the same", async () => {
    const user = await makeUser(h.db, "agent");
    const signedIn = { cookie: await sessionCookie(user.email) };
    const probes: Probe[] = [
      { path: `/api/trpc/auth.me,auth.me?batch=1&input=${encodeURIComponent("{}")}`, headers: signedIn },
      { path: "/api/trpc/auth.me", headers: { ...signedIn, "trpc-accept": "application/jsonl" } },
      { path: "/api/trpc/auth.me", headers: { ...signedIn, accept: "application/json, application/jsonl" } },
      { path: "/api/trpc/shifts.claim", headers: signedIn },
      { method: "POST", path: "/api/trpc/auth.me", headers: { ...signedIn, ...json }, body: "{}" },
      { path: "/api/trpc/no.such.procedure", headers: signedIn },
      { path: "/api/trpc/auth..me", headers: signedIn },
      { method: "POST", path: "/api/trpc/shifts.claim", headers: { ...signedIn, ...json }, body: "{not json" },
      { method: "POST", path: "/api/trpc/shifts.claim", headers: { ...signedIn, ...json }, body: "" },
      { method: "POST", path: "/api/trpc/shifts.claim", headers: signedIn, body: "{}" },
      { method: "POST", path: "/api/trpc/shifts.claim", headers: { ...signedIn, "content-type": "text/plain" }, body: "{}" },
      { path: "/api/trpc/search.customers?input=%7Bnot-json", headers: signedIn },
      { path: `/api/trpc/auth.me?input=null&connectionParams=1`, headers: signedIn },
    ];
    for (const probe of probes) {
      const { route, answer } = await same(probe);
      expect(route, `${probe.method ?? "GET"} ${probe.path}`).toBe("adapter");
      expect(answer.status).toBeGreaterThanOrEqual(probe.path.includes("batch=1") || probe.headers?.["trpc-accept"] || probe.headers?.accept ? 200 : 400);
    }
  });
});
