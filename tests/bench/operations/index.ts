import { authOperations } from "./auth";
import { crmOperations } from "./crm";
import { handoffOperations } from "./handoff";
import { importOperations } from "./import";
import { supportOperations } from "./support";
import type { BenchOperation } from "./types";
import { workforceOperations } from "./workforce";

export type { BenchContext, BenchOperation } from "./types";

/** Every benchmarked operation, in the order they run. A new area adds its file's list here. */
export const operations: BenchOperation[] = [...authOperations, ...workforceOperations, ...crmOperations, ...supportOperations, ...handoffOperations, ...importOperations];
