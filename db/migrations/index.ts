import type { Migration } from "kysely";
import * as m0001 from "./20261125_0001_foundation";
import * as m0002 from "./20261125_0002_workforce";
import * as m0003 from "./20261125_0003_crm";
import * as m0004 from "./20261125_0004_customer_search";

/** Every migration, by its sortable name. A new migration is added here too. */
export const migrations: Record<string, Migration> = {
  "20261125_0001_foundation": m0001,
  "20261125_0002_workforce": m0002,
  "20261125_0003_crm": m0003,
  "20261125_0004_customer_search": m0004,
};
