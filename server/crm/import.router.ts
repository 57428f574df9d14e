import { z } from "zod";
import { router } from "../trpc/init";
import { adminProcedure } from "../trpc/procedures";
import { uuidField } from "../validation/fields";
import { getImportRun, listImportRuns } from "./import-runs.service";

export const listImportRunsInput = z.object({ limit: z.number().int().min(1).max(100).default(20) });
export const importRunIdInput = z.object({ id: uuidField });

/**
 * Data imports (admins only). Starting one takes a file upload, so it is the Remix action of
 * /admin/import (streamed multipart), which calls startSalesforceImportRun after checking the role.
 */
export const importsRouter = router({
  list: adminProcedure.input(listImportRunsInput).query(({ ctx, input }) => listImportRuns(ctx.db, input.limit)),
  get: adminProcedure.input(importRunIdInput).query(({ ctx, input }) => getImportRun(ctx.db, input.id)),
});
