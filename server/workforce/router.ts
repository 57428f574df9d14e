import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { uuidField } from "../validation/fields";
import { actorOf } from "../trpc/context";
import { router } from "../trpc/init";
import { authedProcedure, withRole } from "../trpc/procedures";
import {
  createAgent,
  createSkill,
  updateSkill,
  createTeam,
  findAgentForUser,
  getAgent,
  listAgentCandidates,
  listAgents,
  listSkills,
  updateAgent,
  agentDirectory,
} from "./agents.service";
import {
  boardWeek,
  cancelShift,
  claimableShifts,
  claimOpenShift,
  copyShift,
  createShift,
  createShiftsFromTemplate,
  describeClash,
  myShifts,
  offerShiftBack,
  onShiftNow,
  updateShift,
} from "./shifts.service";
import { listSupervisorCandidates, listTeams, setTeamSupervisor } from "./teams.service";
import { cancelTimeOff, decideTimeOff, getAvailability, listTimeOff, myTimeOff, requestTimeOff, setMyAvailability } from "./time-off.service";
import { WorkforceError } from "./workforce.errors";
import {
  availabilityInput,
  boardInput,
  cancelShiftInput,
  copyShiftInput,
  createAgentInput,
  createShiftInput,
  createSkillInput,
  updateSkillInput,
  createTeamInput,
  setTeamSupervisorInput,
  decideTimeOffInput,
  listAgentsInput,
  listTimeOffInput,
  offerBackInput,
  onShiftNowInput,
  rangeInput,
  requestTimeOffInput,
  shiftIdInput,
  templateInput,
  updateAgentInput,
  updateShiftInput,
} from "./workforce.schema";
import { z } from "zod";

const planner = withRole("planner");
const staffViewer = withRole("planner", "supervisor", "hr");
const floorViewer = withRole("planner", "supervisor");
const agentOnly = withRole("agent");

/**
 * One transaction per shift write. A race lost on the exclusion constraint
 * rolls it back; the clashing shift is then looked up and named.
 */
async function shiftWrite<T>(
  db: Kysely<Database>,
  target: { agentId?: string | null; startsAt?: Date; endsAt?: Date },
  write: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(write);
  } catch (error) {
    const raced = error instanceof WorkforceError && (error.details as { raced?: boolean } | undefined)?.raced;
    if (raced && target.agentId && target.startsAt && target.endsAt) {
      const message = await describeClash(db, target.agentId, { startsAt: target.startsAt, endsAt: target.endsAt });
      if (message) throw new WorkforceError("OVERLAP", message);
    }
    throw error;
  }
}

export const teamsRouter = router({
  /** Every team with its agent count and supervisor. */
  list: authedProcedure.query(({ ctx }) => listTeams(ctx.db)),
  create: planner
    .input(createTeamInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createTeam(trx, actorOf(ctx), input.name))),
  /** Enabled users with the supervisor role, for the Teams page's select. */
  supervisorCandidates: planner.query(({ ctx }) => listSupervisorCandidates(ctx.db)),
  /** Sets (or, with null, clears) the supervisor who decides the team's time off. */
  setSupervisor: planner
    .input(setTeamSupervisorInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => setTeamSupervisor(trx, actorOf(ctx), input))),
});

export const skillsRouter = router({
  list: authedProcedure.query(({ ctx }) => listSkills(ctx.db)),
  create: planner
    .input(createSkillInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createSkill(trx, actorOf(ctx), input))),
  /** Planners and supervisors rename a skill or set its handoff SLA. */
  update: withRole("planner", "supervisor")
    .input(updateSkillInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => updateSkill(trx, actorOf(ctx), input))),
});

export const agentsRouter = router({
  list: staffViewer.input(listAgentsInput).query(({ ctx, input }) => listAgents(ctx.db, input)),
  get: staffViewer.input(z.object({ agentId: uuidField })).query(({ ctx, input }) => getAgent(ctx.db, input.agentId)),
  /** Users with the agent role and no agent record yet. */
  candidates: planner.query(({ ctx }) => listAgentCandidates(ctx.db)),
  /** The signed-in user's own agent record, or null. */
  me: authedProcedure.query(({ ctx }) => findAgentForUser(ctx.db, ctx.user.id)),
  /** Active agents by name, for whoever hands a case to a colleague (case editors). */
  directory: withRole("agent", "supervisor")
    .input(z.object({ q: z.string().max(100).optional(), limit: z.number().int().min(1).max(50).default(20) }))
    .query(({ ctx, input }) => agentDirectory(ctx.db, input)),
  create: planner
    .input(createAgentInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createAgent(trx, actorOf(ctx), input))),
  update: planner
    .input(updateAgentInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => updateAgent(trx, actorOf(ctx), input))),
  availability: floorViewer
    .input(z.object({ agentId: uuidField }))
    .query(({ ctx, input }) => getAvailability(ctx.db, input.agentId)),
});

export const shiftsRouter = router({
  board: floorViewer.input(boardInput).query(({ ctx, input }) => boardWeek(ctx.db, input)),
  onShiftNow: floorViewer.input(onShiftNowInput).query(({ ctx, input }) => onShiftNow(ctx.db, input)),

  create: planner
    .input(createShiftInput)
    .mutation(({ ctx, input }) => shiftWrite(ctx.db, input, (trx) => createShift(trx, actorOf(ctx), input))),
  update: planner
    .input(updateShiftInput)
    .mutation(({ ctx, input }) => shiftWrite(ctx.db, input, (trx) => updateShift(trx, actorOf(ctx), input))),
  cancel: planner
    .input(cancelShiftInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => cancelShift(trx, actorOf(ctx), input.shiftId, input.reason))),
  copy: planner
    .input(copyShiftInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => copyShift(trx, actorOf(ctx), input))),
  createFromTemplate: planner
    .input(templateInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => createShiftsFromTemplate(trx, actorOf(ctx), input))),

  mine: agentOnly.input(rangeInput).query(({ ctx, input }) => myShifts(ctx.db, ctx.user.id, input)),
  claimable: agentOnly.query(({ ctx }) => claimableShifts(ctx.db, ctx.user.id)),
  claim: agentOnly
    .input(shiftIdInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => claimOpenShift(trx, actorOf(ctx), input.shiftId))),
  offerBack: agentOnly
    .input(offerBackInput)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute((trx) => offerShiftBack(trx, actorOf(ctx), input.shiftId, input.reason)),
    ),
});

export const timeOffRouter = router({
  request: agentOnly
    .input(requestTimeOffInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => requestTimeOff(trx, actorOf(ctx), input))),
  mine: agentOnly.query(({ ctx }) => myTimeOff(ctx.db, ctx.user.id)),
  cancel: agentOnly
    .input(z.object({ requestId: uuidField }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction().execute((trx) => cancelTimeOff(trx, actorOf(ctx), input.requestId));
      return { ok: true as const };
    }),
  /** A supervisor sees only the requests of agents in the teams they supervise. */
  list: floorViewer
    .input(listTimeOffInput)
    .query(({ ctx, input }) => listTimeOff(ctx.db, { userId: ctx.user.id, role: ctx.user.role }, input)),
  /** A planner decides any request; a supervisor only those of the teams they supervise (checked in the service). */
  decide: floorViewer
    .input(decideTimeOffInput)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction().execute((trx) => decideTimeOff(trx, actorOf(ctx), ctx.user.role, input)),
    ),
});

export const availabilityRouter = router({
  mine: agentOnly.query(async ({ ctx }) => {
    const agent = await findAgentForUser(ctx.db, ctx.user.id);
    if (!agent) throw new WorkforceError("NOT_AN_AGENT", "You are not set up as an agent yet. Ask a workforce planner.");
    return getAvailability(ctx.db, agent.id);
  }),
  setMine: agentOnly
    .input(availabilityInput)
    .mutation(({ ctx, input }) => ctx.db.transaction().execute((trx) => setMyAvailability(trx, actorOf(ctx), input.slots))),
});
