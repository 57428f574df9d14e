import { parseArgs } from "node:util";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDown, migrateToLatest, migrationStatus } from "../db/migrate";
import { seedDemo } from "../db/seed";
import { analyzeScaleData, assertScaleSeedAllowed, parseScaleSize, progressPrinter, SCALE_PASSWORD, seedScale, type ScaleSize } from "../db/scale-seed";
import type { Actor } from "./audit/audit.service";
import { importSalesforceExport, SalesforceImportError } from "./crm/salesforce-import";
import { DomainError } from "./domain-error";
import { createApiKey, listApiKeys, revokeApiKey } from "./support/api-keys.service";
import { createUserInput } from "./users/users.schema";
import { createUser } from "./users/users.service";
import { ZodError } from "zod";

const CLI_ACTOR: Actor = { id: null, label: "cli", ip: null };

const USAGE = `Usage: npm run cli -- <command>

  migrate [up|down|status]      apply pending migrations (default up), revert the newest, or list them
  seed                          demo data (refused on a database with real users)
  seed --scale small|full|<n>   synthetic data at scale for benchmarks (PostgreSQL only; replaces earlier scale data)
  create-user --email E --role R --password P [--name N]
  import salesforce <dir>       a Salesforce data-export folder (Account.csv, Contact.csv, Case.csv, Task.csv);
                                progress on stderr, a JSON summary on stdout; re-runs update by Salesforce Id
  api-key create --name N [--rate-limit R]
                                a key for a program outside (the handoff API); printed once, only its hash is kept
  api-key list                  the keys (name, first characters, limit, last use, revoked)
  api-key revoke --name N       revoke the live key with that name

The database is PostgreSQL when DATABASE_URL is set, else the embedded one
under .data/ (FRONTLINE_DATA_DIR to choose another folder).`;

class UsageError extends Error {}

async function withDatabase<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase();
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

async function migrate(direction = "up") {
  await withDatabase(async ({ db }) => {
    if (direction === "up") {
      const applied = await migrateToLatest(db);
      console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Already up to date.");
    } else if (direction === "down") {
      const reverted = await migrateDown(db);
      console.log(reverted.length ? `Reverted: ${reverted.join(", ")}` : "Nothing to revert.");
    } else if (direction === "status") {
      for (const m of await migrationStatus(db)) {
        console.log(`${m.executedAt ? "applied" : "pending"}  ${m.name}${m.executedAt ? `  ${m.executedAt.toISOString()}` : ""}`);
      }
    } else {
      throw new UsageError(`Unknown migrate direction "${direction}": use up, down or status.`);
    }
  });
}

async function seed(args: string[]) {
  const { values } = parseArgs({ args, options: { scale: { type: "string" } }, strict: true });
  if (values.scale !== undefined) return seedScaleCommand(values.scale);
  await withDatabase(async ({ db }) => {
    await migrateToLatest(db);
    const result = await db.transaction().execute((trx) => seedDemo(trx));
    console.log(`Demo data seeded (${result.usersCreated} users created).`);
  });
}

async function seedScaleCommand(scale: string) {
  let size: ScaleSize;
  try {
    size = parseScaleSize(scale);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!process.env.DATABASE_URL) {
    throw new Error("The scale seed is for benchmarks on PostgreSQL and never runs on the embedded database: set DATABASE_URL.");
  }
  await withDatabase(async ({ db }) => {
    await migrateToLatest(db);
    const started = performance.now();
    const result = await db.transaction().execute(async (trx) => {
      await assertScaleSeedAllowed(trx);
      return seedScale(trx, { size, onProgress: progressPrinter((line) => console.log(line)) });
    });
    await analyzeScaleData(db);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const { replaced } = result;
    if (replaced.shifts || replaced.usersRemoved) {
      console.log(`Replaced an earlier run's ${replaced.shifts} shifts${replaced.usersRemoved ? ` and removed ${replaced.usersRemoved} of its users` : ""}.`);
    }
    console.log(
      `Scale data "${size.name}" seeded in ${seconds} s: ${result.agents} agents in ${result.teams} teams, ` +
        `${result.shifts} shifts ${result.fromDate} to ${result.toDate}, ${result.openShifts} open shifts, ` +
        `${result.crm.customers} customers, ${result.interactions.interactions} interactions (${result.interactions.offShift} off shift). ` +
        `Every scale user's password is "${SCALE_PASSWORD}".`,
    );
  });
}

async function createUserCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: { email: { type: "string" }, role: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
    strict: true,
  });
  const input = createUserInput.parse({
    email: values.email,
    role: values.role,
    password: values.password,
    name: values.name ?? values.email?.split("@")[0] ?? "",
  });
  await withDatabase(async ({ db }) => {
    await migrateToLatest(db);
    const user = await db.transaction().execute((trx) => createUser(trx, CLI_ACTOR, input));
    console.log(`Created ${user.email} (${user.role}), id ${user.id}.`);
  });
}

async function importCommand(args: string[]) {
  const [source, dir, ...extra] = args;
  if (source !== "salesforce" || !dir || extra.length) throw new UsageError("Usage: npm run cli -- import salesforce <dir>");
  await withDatabase(async ({ db }) => {
    await migrateToLatest(db);
    try {
      const summary = await importSalesforceExport(db, dir, { actor: CLI_ACTOR, onProgress: (line) => console.error(line) });
      console.log(JSON.stringify(summary, null, 2));
    } catch (error) {
      if (error instanceof SalesforceImportError) console.log(JSON.stringify(error.summary, null, 2));
      throw error;
    }
  });
}

async function apiKeyCommand(args: string[]) {
  const [action, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { name: { type: "string" }, "rate-limit": { type: "string" } }, strict: true });
  const usage = "Usage: npm run cli -- api-key create --name <name> [--rate-limit <per minute>] | list | revoke --name <name>";
  if (action === "create") {
    if (!values.name) throw new UsageError(usage);
    const rateLimit = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
    await withDatabase(async ({ db }) => {
      await migrateToLatest(db);
      const created = await db
        .transaction()
        .execute((trx) => createApiKey(trx, CLI_ACTOR, { name: values.name!, rateLimitPerMinute: rateLimit }));
      console.error(`Created API key "${created.name}" (${created.rateLimitPerMinute} requests a minute). It is shown once; store it now:`);
      console.log(created.token);
    });
  } else if (action === "list") {
    await withDatabase(async ({ db }) => {
      await migrateToLatest(db);
      for (const k of await listApiKeys(db)) {
        console.log(
          `${k.tokenPrefix}…  ${k.name}  ${k.rateLimitPerMinute}/min  last used ${k.lastUsedAt ?? "never"}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : ""}`,
        );
      }
    });
  } else if (action === "revoke") {
    if (!values.name) throw new UsageError(usage);
    await withDatabase(async ({ db }) => {
      await migrateToLatest(db);
      const live = (await listApiKeys(db)).find((k) => !k.revokedAt && k.name.toLowerCase() === values.name!.toLowerCase());
      if (!live) throw new Error(`No live API key is named "${values.name}".`);
      await db.transaction().execute((trx) => revokeApiKey(trx, CLI_ACTOR, live.id));
      console.log(`Revoked API key "${live.name}" (${live.tokenPrefix}…).`);
    });
  } else {
    throw new UsageError(usage);
  }
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  switch (command) {
    case "migrate":
      return migrate(rest[0]);
    case "seed":
      return seed(rest);
    case "create-user":
      return createUserCommand(rest);
    case "import":
      return importCommand(rest);
    case "api-key":
      return apiKeyCommand(rest);
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return;
    default:
      throw new UsageError(`Unknown command "${command}". Run "npm run cli -- help".`);
  }
}

function oneLine(error: unknown): string {
  if (error instanceof ZodError) {
    return error.issues.map((i) => `${i.path.length ? `--${i.path.join(".")}: ` : ""}${i.message}`).join("; ");
  }
  if (error instanceof DomainError || error instanceof Error) return error.message;
  return String(error);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    console.error(`error: ${oneLine(error)}`);
    process.exit(error instanceof UsageError ? 64 : 1);
  },
);
