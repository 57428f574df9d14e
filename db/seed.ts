import type { Kysely } from "kysely";
import type { Database, Role } from "./schema";
import type { Actor } from "../server/audit/audit.service";
import { createUser, countUsers } from "../server/users/users.service";

/** Demo data only: printed by `npm start` on a demo database. */
export const DEMO_PASSWORD = "frontline-demo";

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "admin@demo.test", name: "Ada Okafor", role: "admin" },
  { email: "hr@demo.test", name: "Hana Sato", role: "hr" },
  { email: "planner@demo.test", name: "Pedro Alvarez", role: "planner" },
  { email: "supervisor@demo.test", name: "Sofia Lindqvist", role: "supervisor" },
  { email: "agent@demo.test", name: "Arjun Mehta", role: "agent" },
];

export class SeedRefusedError extends Error {}

const SEED_ACTOR: Actor = { id: null, label: "seed", ip: null };

/**
 * Fills an empty (or demo) database with the demo data. Safe to re-run: what
 * exists is left as it is. Refuses a database that holds real users, so demo
 * logins never appear next to real ones. The caller runs it in a transaction.
 */
export async function seedDemo(db: Kysely<Database>): Promise<{ usersCreated: number }> {
  const { real } = await countUsers(db);
  if (real > 0) {
    throw new SeedRefusedError(
      `Refusing to seed demo data: this database holds ${real} real user${real === 1 ? "" : "s"}. ` +
        "The demo seed only runs on an empty or demo database.",
    );
  }
  const existing = new Set(
    (await db.selectFrom("users").select("email").execute()).map((u) => u.email.toLowerCase()),
  );
  let usersCreated = 0;
  for (const user of DEMO_USERS) {
    if (existing.has(user.email)) continue;
    await createUser(db, SEED_ACTOR, { ...user, password: DEMO_PASSWORD, isDemo: true });
    usersCreated++;
  }
  return { usersCreated };
}
