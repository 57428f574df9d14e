import { z } from "zod";
import { router } from "../trpc/init";
import { adminProcedure } from "../trpc/procedures";
import { auditFacets, listAudit } from "./audit.service";

export const listAuditInput = z.object({
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(100).optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(80).optional(),
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const auditRouter = router({
  /** The actions and record types present in the log, for filters. */
  facets: adminProcedure.query(({ ctx }) => auditFacets(ctx.db)),
  list: adminProcedure.input(listAuditInput).query(async ({ ctx, input }) => {
    const page = await listAudit(ctx.db, input);
    return {
      nextCursor: page.nextCursor,
      entries: page.entries.map((e) => ({ ...e, id: Number(e.id), at: new Date(e.at).toISOString() })),
    };
  }),
});
