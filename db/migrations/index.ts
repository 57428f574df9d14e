import type { Migration } from "kysely";
import * as m0001 from "./20261125_0001_foundation";

/** Every migration, by its sortable name. A new migration is added here too. */
export const migrations: Record<string, Migration> = {
  "20261125_0001_foundation": m0001,
};
