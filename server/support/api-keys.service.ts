import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import { isUniqueViolation } from "../../db/pg-errors";
import type { Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { createApiKeyInput, type CreateApiKeyInput } from "./api-keys.schema";
import { isoOrNull } from "../iso";
import { SupportError } from "./support.errors";

/**
 * API keys for the programs that ask for a human (the bot, the website, the
 * app). A key is `flk_` and 43 characters of base64url (256 random bits); we
 * keep its SHA-256 and its first 12 characters, never the key. Each key may
 * make `rate_limit_per_minute` requests per clock minute (fixed windows
 * counted in the database, so every app server shares the count).
 */

const TOKEN_PREFIX = "flk_";
const SHOWN_CHARS = 12;
/** Usage windows older than this are removed as new windows open. */
const USAGE_KEPT_MS = 3_600_000;

export interface ApiKeyView {
  id: string;
  name: string;
  tokenPrefix: string;
  rateLimitPerMinute: number;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Who is calling, once their key is checked. */
export interface ApiKeyPrincipal {
  id: string;
  name: string;
}

export function hashApiKey(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}

export async function listApiKeys(db: Kysely<Database>): Promise<ApiKeyView[]> {
  const rows = await db
    .selectFrom("api_keys")
    .leftJoin("users", "users.id", "api_keys.created_by")
    .select([
      "api_keys.id",
      "api_keys.name",
      "api_keys.token_prefix",
      "api_keys.rate_limit_per_minute",
      "api_keys.created_at",
      "api_keys.last_used_at",
      "api_keys.revoked_at",
      "users.email as created_by_email",
    ])
    .orderBy(sql`api_keys.revoked_at IS NOT NULL`)
    .orderBy("api_keys.created_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    tokenPrefix: r.token_prefix,
    rateLimitPerMinute: r.rate_limit_per_minute,
    createdAt: isoOrNull(r.created_at)!,
    createdBy: r.created_by_email,
    lastUsedAt: isoOrNull(r.last_used_at),
    revokedAt: isoOrNull(r.revoked_at),
  }));
}

/** Makes a key; the key itself is in the answer once and nowhere else. */
export async function createApiKey(db: Kysely<Database>, actor: Actor, rawInput: CreateApiKeyInput) {
  const input = createApiKeyInput.parse(rawInput);
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  const nameTaken = () =>
    new SupportError("CONFLICT", `A live key is already named "${input.name}". Revoke it first or choose another name.`, "name");
  const taken = await db
    .selectFrom("api_keys")
    .select("id")
    .where(sql`lower(name)`, "=", input.name.toLowerCase())
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (taken) throw nameTaken();
  const row = await db
    .insertInto("api_keys")
    .values({
      name: input.name,
      token_prefix: token.slice(0, SHOWN_CHARS),
      token_hash: hashApiKey(token),
      rate_limit_per_minute: input.rateLimitPerMinute,
      created_by: actor.id,
    })
    .returning(["id", "name", "token_prefix", "rate_limit_per_minute"])
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      throw isUniqueViolation(error, "api_keys_live_name_idx") ? nameTaken() : error;
    });
  await recordAudit(db, actor, {
    action: "api_key.create",
    entityType: "api_key",
    entityId: row.id,
    after: { name: row.name, tokenPrefix: row.token_prefix, rateLimitPerMinute: row.rate_limit_per_minute },
  });
  return { id: row.id, name: row.name, tokenPrefix: row.token_prefix, rateLimitPerMinute: row.rate_limit_per_minute, token };
}

export async function revokeApiKey(db: Kysely<Database>, actor: Actor, apiKeyId: string): Promise<ApiKeyView> {
  const row = await db
    .updateTable("api_keys")
    .set({ revoked_at: sql`now()`, revoked_by: actor.id })
    .where("id", "=", apiKeyId)
    .where("revoked_at", "is", null)
    .returning(["id", "name", "token_prefix"])
    .executeTakeFirst();
  if (!row) {
    const exists = await db.selectFrom("api_keys").select("id").where("id", "=", apiKeyId).executeTakeFirst();
    throw exists ? new SupportError("CONFLICT", "This key is already revoked.") : new SupportError("NOT_FOUND", "No such API key.");
  }
  await recordAudit(db, actor, {
    action: "api_key.revoke",
    entityType: "api_key",
    entityId: row.id,
    before: { name: row.name, tokenPrefix: row.token_prefix, revoked: false },
    after: { revoked: true },
  });
  return (await listApiKeys(db)).find((k) => k.id === row.id)!;
}

/** Reads a key from an `Authorization: Bearer <key>` header value. */
export function bearerToken(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match ? match[1]! : null;
}

/**
 * Checks a key and counts the request in the current minute, in one
 * statement. A missing, unknown or revoked key is UNAUTHORIZED; a key over
 * its limit is TOO_MANY_REQUESTS with the seconds until the next minute.
 */
export async function authenticateApiKey(db: Kysely<Database>, token: string | null, now = new Date()): Promise<ApiKeyPrincipal> {
  if (!token) throw new SupportError("API_KEY_INVALID", "Send an API key: Authorization: Bearer <key>.");
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) throw new SupportError("API_KEY_INVALID", "This API key is not valid.");
  const windowStart = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const { rows } = await sql<{ id: string; name: string; limit: number; revoked: boolean; requests: number | null }>`
    WITH k AS (
      SELECT id, name, rate_limit_per_minute, revoked_at FROM api_keys WHERE token_hash = ${hashApiKey(token)}
    ), counted AS (
      INSERT INTO api_key_usage AS u (api_key_id, window_start, requests)
      SELECT id, ${windowStart}, 1 FROM k WHERE revoked_at IS NULL
      ON CONFLICT (api_key_id, window_start) DO UPDATE SET requests = u.requests + 1
      RETURNING requests
    )
    SELECT k.id, k.name, k.rate_limit_per_minute AS "limit", k.revoked_at IS NOT NULL AS revoked,
           (SELECT requests FROM counted) AS requests
    FROM k`.execute(db);
  const key = rows[0];
  if (!key) throw new SupportError("API_KEY_INVALID", "This API key is not valid.");
  if (key.revoked) throw new SupportError("API_KEY_INVALID", "This API key was revoked.");
  const requests = Number(key.requests);
  if (requests === 1) {
    // A new minute: note the key was used, and forget old minutes.
    await db.updateTable("api_keys").set({ last_used_at: now }).where("id", "=", key.id).execute();
    await db
      .deleteFrom("api_key_usage")
      .where("api_key_id", "=", key.id)
      .where("window_start", "<", new Date(windowStart.getTime() - USAGE_KEPT_MS))
      .execute();
  }
  if (requests > key.limit) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + 60_000 - now.getTime()) / 1000));
    throw new SupportError("RATE_LIMITED", `Too many requests for this key (${key.limit} a minute). Try again in ${retryAfterSeconds} s.`, undefined, {
      retryAfterSeconds,
    });
  }
  return { id: key.id, name: key.name };
}
