import type { Migration } from "kysely";
import * as m0001 from "./20261125_0001_foundation";
import * as m0002 from "./20261125_0002_workforce";
import * as m0003 from "./20261125_0003_crm";
import * as m0004 from "./20261125_0004_customer_search";
import * as m0005 from "./20261126_0005_customer_duplicates";
import * as m0006 from "./20261126_0006_import_runs";
import * as m0007 from "./20261126_0007_customer_custom_index";
import * as m0008 from "./20261126_0008_api_keys";
import * as m0009 from "./20261126_0009_interactions";
import * as m0010 from "./20261126_0010_handoffs";
import * as m0011 from "./20261126_0011_handoff_routing";
import * as m0012 from "./20261126_0012_quality";
import * as m0013 from "./20261126_0013_users_name_index";
import * as m0014 from "./20261126_0014_handoff_interaction_index";
import * as m0015 from "./20261126_0015_session_eviction";
import * as m0016 from "./20261126_0016_team_supervisors";
import * as m0017 from "./20261126_0017_audit_action_index";
import * as m0018 from "./20261126_0018_inline_search_functions";
import * as m0019 from "./20261126_0019_name_tokens_key";
import * as m0020 from "./20261126_0020_drop_customer_name_trgm";
import * as m0021 from "./20261127_0021_overnight_availability";

/** Every migration, by its sortable name. A new migration is added here too. */
export const migrations: Record<string, Migration> = {
  "20261125_0001_foundation": m0001,
  "20261125_0002_workforce": m0002,
  "20261125_0003_crm": m0003,
  "20261125_0004_customer_search": m0004,
  "20261126_0005_customer_duplicates": m0005,
  "20261126_0006_import_runs": m0006,
  "20261126_0007_customer_custom_index": m0007,
  "20261126_0008_api_keys": m0008,
  "20261126_0009_interactions": m0009,
  "20261126_0010_handoffs": m0010,
  "20261126_0011_handoff_routing": m0011,
  "20261126_0012_quality": m0012,
  "20261126_0013_users_name_index": m0013,
  "20261126_0014_handoff_interaction_index": m0014,
  "20261126_0015_session_eviction": m0015,
  "20261126_0016_team_supervisors": m0016,
  "20261126_0017_audit_action_index": m0017,
  "20261126_0018_inline_search_functions": m0018,
  "20261126_0019_name_tokens_key": m0019,
  "20261126_0020_drop_customer_name_trgm": m0020,
  "20261127_0021_overnight_availability": m0021,
};
