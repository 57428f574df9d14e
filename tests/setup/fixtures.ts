import crypto from "node:crypto";
import { TRPCError } from "@trpc/server";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import type { SessionUser } from "../../server/auth/lucia";
import { createUser } from "../../server/users/users.service";
import { createInnerContext, type Context } from "../../server/trpc/context";
import { createCaller } from "../../server/trpc/router";

export const TEST_PASSWORD = "correct horse battery";

/** A user with a unique email, made through the real service (hashing and audit included). */
export async function makeUser(
  db: Kysely<Database>,
  role: Role = "agent",
  overrides: { email?: string; password?: string; name?: string } = {},
): Promise<SessionUser> {
  const email = overrides.email ?? `${role}-${crypto.randomBytes(4).toString("hex")}@example.com`;
  const user = await createUser(db, { id: null, label: "test", ip: null }, {
    email,
    name: overrides.name ?? `Test ${role}`,
    role,
    password: overrides.password ?? TEST_PASSWORD,
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The tRPC caller a signed-in user's request would get (or an anonymous one). */
export function callerFor(db: Kysely<Database>, user: SessionUser | null, extra: Partial<Context> = {}) {
  const ctx = createInnerContext({ db, user, ip: "203.0.113.7", ...extra });
  return { caller: createCaller(ctx), ctx };
}

let agentCounter = 0;

/** A user with an agent record, made through the real services. */
export async function makeAgent(
  db: Kysely<Database>,
  options: {
    timeZone?: string;
    skills?: { skillId: string; level: number }[];
    hireDate?: string;
    terminationDate?: string | null;
    teamId?: string | null;
    name?: string;
  } = {},
) {
  const user = await makeUser(db, "agent", { name: options.name });
  const { createAgent } = await import("../../server/workforce/agents.service");
  agentCounter++;
  const agent = await createAgent(db, { id: null, label: "test", ip: null }, {
    userId: user.id,
    employeeNumber: `T${process.pid}-${agentCounter}-${crypto.randomBytes(2).toString("hex")}`,
    timeZone: options.timeZone ?? "America/Los_Angeles",
    laborRegion: "US-FLSA",
    employmentType: "full_time",
    contractHoursPerWeek: 40,
    hourlyRateCents: 2500,
    currency: "USD",
    teamId: options.teamId ?? null,
    hireDate: options.hireDate ?? "2025-01-01",
    terminationDate: options.terminationDate ?? null,
    skills: options.skills ?? [],
  });
  return { user, agent };
}

export async function makeSkill(db: Kysely<Database>, code: string, kind: "skill" | "language" = "skill") {
  const { createSkill } = await import("../../server/workforce/agents.service");
  return createSkill(db, { id: null, label: "test", ip: null }, { code, name: code, kind });
}

/** The TRPCError a call fails with; fails the test when the call succeeds or fails otherwise. */
export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/**
 * Holds a transaction open after `hold` ran in it, starts `race`, and reports whether `race` was still waiting
 * 300 ms later ("waiting": it queued behind the held lock) before letting the transaction commit; then what
 * `race` came to ("done" or the TRPCError it failed with).
 */
export async function raceWhileHolding(db: Kysely<Database>, hold: (trx: Kysely<Database>) => Promise<unknown>, race: () => Promise<unknown>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const holdingNow = new Promise<void>((r) => (held = r));
  const holding = db.transaction().execute(async (trx) => {
    await hold(trx);
    held();
    await gate;
  });
  await holdingNow;
  const racing = race().then(
    () => "done" as const,
    (error: unknown) => error as TRPCError,
  );
  const early = await Promise.race([racing, new Promise<"waiting">((r) => setTimeout(() => r("waiting"), 300))]);
  release();
  await holding;
  return { early, outcome: await racing };
}
