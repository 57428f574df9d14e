import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { recordAudit, type Actor } from "../audit/audit.service";
import { WorkforceError } from "./workforce.errors";

export interface TeamView {
  id: string;
  name: string;
  agentCount: number;
  /**
   * Who decides this team's time off; null: only planners and admins do. `status` flags a
   * supervisor who was since disabled or given another role (they no longer decide anything).
   */
  supervisor: { id: string; name: string; status: "active" | "disabled" | "not-a-supervisor" } | null;
}

function teamsQuery(db: Kysely<Database>) {
  return db
    .selectFrom("teams")
    .leftJoin("users", "users.id", "teams.supervisor_user_id")
    .select([
      "teams.id",
      "teams.name",
      "users.id as supervisorId",
      "users.name as supervisorName",
      "users.role as supervisorRole",
      "users.disabled_at as supervisorDisabledAt",
    ])
    .select((eb) =>
      eb
        .selectFrom("agents")
        .whereRef("agents.team_id", "=", "teams.id")
        .select((c) => c.fn.countAll<string>().as("n"))
        .as("agentCount"),
    );
}

type TeamRow = Awaited<ReturnType<ReturnType<typeof teamsQuery>["executeTakeFirstOrThrow"]>>;

function teamView(r: TeamRow): TeamView {
  return {
    id: r.id,
    name: r.name,
    agentCount: Number(r.agentCount ?? 0),
    supervisor: r.supervisorId
      ? {
          id: r.supervisorId,
          name: r.supervisorName!,
          status: r.supervisorDisabledAt !== null ? "disabled" : r.supervisorRole === "supervisor" ? "active" : "not-a-supervisor",
        }
      : null,
  };
}

/** Every team by name, with its agent count and its supervisor. */
export async function listTeams(db: Kysely<Database>): Promise<TeamView[]> {
  return (await teamsQuery(db).orderBy("teams.name").execute()).map(teamView);
}

/** Enabled users with the supervisor role: who may be set as a team's supervisor. */
export async function listSupervisorCandidates(db: Kysely<Database>) {
  return db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("role", "=", "supervisor")
    .where("disabled_at", "is", null)
    .orderBy("name")
    .orderBy("id")
    .execute();
}

/** The teams a user supervises, by name. */
export async function teamsSupervisedBy(db: Kysely<Database>, userId: string) {
  return db.selectFrom("teams").select(["id", "name"]).where("supervisor_user_id", "=", userId).orderBy("name").execute();
}

/**
 * Sets or clears a team's supervisor. The new one must be an enabled user with
 * the supervisor role. Audited with the supervisor before and after.
 */
export async function setTeamSupervisor(
  db: Kysely<Database>,
  actor: Actor,
  input: { teamId: string; supervisorUserId: string | null },
): Promise<TeamView> {
  const team = await db
    .selectFrom("teams")
    .select(["id", "name", "supervisor_user_id"])
    .where("id", "=", input.teamId)
    .forUpdate()
    .executeTakeFirst();
  if (!team) throw new WorkforceError("NOT_FOUND", "No such team.");
  let supervisor: { id: string; name: string } | null = null;
  if (input.supervisorUserId !== null) {
    // Locked so the role or the account cannot change between this check and the commit.
    const user = await db
      .selectFrom("users")
      .select(["id", "name", "role", "disabled_at"])
      .where("id", "=", input.supervisorUserId)
      .forShare()
      .executeTakeFirst();
    if (!user) throw new WorkforceError("INVALID", "No such user to make supervisor.", { field: "supervisorUserId" });
    if (user.disabled_at !== null) {
      throw new WorkforceError("INVALID", `${user.name}'s account is disabled; a disabled user cannot supervise a team.`, {
        field: "supervisorUserId",
      });
    }
    if (user.role !== "supervisor") {
      throw new WorkforceError("INVALID", `${user.name} does not have the supervisor role; only supervisors can lead a team.`, {
        field: "supervisorUserId",
      });
    }
    supervisor = { id: user.id, name: user.name };
  }
  const before = team.supervisor_user_id
    ? await db.selectFrom("users").select(["id", "name"]).where("id", "=", team.supervisor_user_id).executeTakeFirst()
    : undefined;
  if ((before?.id ?? null) !== (supervisor?.id ?? null)) {
    await db.updateTable("teams").set({ supervisor_user_id: supervisor?.id ?? null }).where("id", "=", team.id).execute();
    await recordAudit(db, actor, {
      action: "team.supervisor_set",
      entityType: "team",
      entityId: team.id,
      before: { supervisorUserId: before?.id ?? null, supervisorName: before?.name ?? null },
      after: { supervisorUserId: supervisor?.id ?? null, supervisorName: supervisor?.name ?? null },
    });
  }
  return teamView(await teamsQuery(db).where("teams.id", "=", team.id).executeTakeFirstOrThrow());
}
