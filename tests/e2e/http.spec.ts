import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";

test.describe("the HTTP surface", () => {
  test("GET /healthz answers 200", async ({ request }) => {
    const r = await request.get("/healthz");
    expect(r.status()).toBe(200);
    expect(await r.json()).toEqual({ status: "ok" });
  });

  test("auth.me is 401 without a session and the user with one", async ({ request }) => {
    const anon = await request.get("/api/trpc/auth.me");
    expect(anon.status()).toBe(401);
    const login = await request.post("/login", {
      form: { email: "supervisor@demo.test", password: "frontline-demo" },
      maxRedirects: 0,
    });
    expect([302, 303]).toContain(login.status());
    expect(login.headers()["location"]).toBe("/schedule");
    expect(login.headers()["set-cookie"]).toMatch(/frontline_session=\w+;.*HttpOnly/);
    const me = await request.get("/api/trpc/auth.me");
    expect(me.status()).toBe(200);
    const body = await me.json();
    expect(body.result.data).toMatchObject({ email: "supervisor@demo.test", name: "Sofia Lindqvist", role: "supervisor" });
    expect(Object.keys(body.result.data).sort()).toEqual(["email", "id", "name", "role"]);
    const logout = await request.post("/logout", { maxRedirects: 0 });
    expect(logout.status()).toBe(303);
    expect((await request.get("/api/trpc/auth.me")).status()).toBe(401);
  });

  test("API answers carry security headers for data: nothing to load, no framing, no sniffing", async ({ request }) => {
    const h = (await request.get("/api/trpc/auth.me")).headers();
    expect(h["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["x-frame-options"]).toBe("SAMEORIGIN");
    expect(h["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(h["referrer-policy"]).toBe("same-origin");
    expect(h["x-powered-by"]).toBeUndefined();
    expect(h["content-type"]).toMatch(/^application\/json/);
  });

  test("large API answers are gzipped for clients that accept it, small ones are not", async ({ request }) => {
    await request.post("/login", { form: { email: "admin@demo.test", password: "frontline-demo" }, maxRedirects: 0 });
    const input = encodeURIComponent(JSON.stringify({ limit: 200 }));
    const big = await request.get(`/api/trpc/audit.list?input=${input}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(big.status()).toBe(200);
    expect(big.headers()["content-encoding"]).toBe("gzip");
    expect((await big.json()).result.data.entries.length).toBeGreaterThan(3);
    const small = await request.get("/api/trpc/auth.me", { headers: { "Accept-Encoding": "gzip" } });
    expect(small.headers()["content-encoding"]).toBeUndefined();
  });

  test("a failed form sign-in answers 400", async ({ request }) => {
    const r = await request.post("/login", { form: { email: "hr@demo.test", password: "wrong" }, maxRedirects: 0 });
    expect(r.status()).toBe(400);
  });

  test("state-changing requests from another site are refused", async ({ request }) => {
    const fromEvil = await request.post("/login", {
      form: { email: "admin@demo.test", password: "frontline-demo" },
      headers: { Origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(fromEvil.status()).toBe(403);
    expect(fromEvil.headers()["set-cookie"]).toBeUndefined();
    const crossSite = await request.post("/api/trpc/auth.logout", {
      headers: { "Sec-Fetch-Site": "cross-site", "Content-Type": "application/json" },
    });
    expect(crossSite.status()).toBe(403);
    const sameOrigin = await request.post("/api/trpc/auth.logout", {
      headers: { "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json" },
    });
    expect(sameOrigin.status()).toBe(200);
  });

  test("API bodies arrive whole (any script) and an oversized one is refused with 413 and nothing done", async ({ request }) => {
    await request.post("/login", { form: { email: "supervisor@demo.test", password: "frontline-demo" }, maxRedirects: 0 });
    const name = `Zoë Łukasiewicz-Nakamura 中村 ${Date.now()}`;
    const created = await request.post("/api/trpc/customers.create", {
      headers: { "Content-Type": "application/json" },
      data: JSON.stringify({ kind: "person", name }),
    });
    expect(created.status()).toBe(200);
    const id = (await created.json()).result.data.id as string;
    const read = await request.get(`/api/trpc/customers.get?input=${encodeURIComponent(JSON.stringify({ customerId: id }))}`);
    expect((await read.json()).result.data.name).toBe(name);

    const huge = `Huge ${Date.now()}`;
    const tooLarge = await request.post("/api/trpc/customers.create", {
      headers: { "Content-Type": "application/json" },
      data: JSON.stringify({ kind: "person", name: huge, notes: "x".repeat(1_100_000) }),
    });
    expect(tooLarge.status()).toBe(413);
    expect((await tooLarge.json()).error.data.code).toBe("PAYLOAD_TOO_LARGE");
    const search = await request.get(`/api/trpc/search.customers?input=${encodeURIComponent(JSON.stringify({ q: huge, limit: 5 }))}`);
    expect((await search.json()).result.data.items).toEqual([]);
  });

  test("an API request whose Host header makes no URL gets 400, not a server error", async ({ baseURL }) => {
    const { hostname, port } = new URL(baseURL!);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), hostname, () => {
        socket.write("GET /api/trpc/auth.me HTTP/1.1\r\nHost: bad host\r\nConnection: close\r\n\r\n");
      });
      let text = "";
      socket.on("data", (chunk) => (text += chunk.toString("utf8")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"BAD_REQUEST"');
  });

  test("pages carry security headers with a per-response script nonce", async ({ request }) => {
    const r = await request.get("/login");
    const h = r.headers();
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["x-frame-options"]).toBe("SAMEORIGIN");
    expect(h["x-powered-by"]).toBeUndefined();
    const nonce = /'nonce-([^']+)'/.exec(h["content-security-policy"]!)![1];
    expect(await r.text()).toContain(`nonce="${nonce}"`);
  });
});

test("no server-only code reaches the browser bundle", () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".js")) files.push(full);
    }
  };
  walk("public/build");
  expect(files.length).toBeGreaterThan(3);
  // Literals that exist only in server modules (password hashing, sessions, SQL).
  const markers = ["frontline-dummy-password", "auth_throttle", "password_hash", "CREATE EXTENSION"];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    for (const marker of markers) expect(text.includes(marker), `${marker} in ${file}`).toBe(false);
  }
});
