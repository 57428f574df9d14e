/** The roles a user may hold (browser-safe: imported by forms as well as the schema). */
export const ROLES = ["admin", "hr", "planner", "supervisor", "agent"] as const;
export type Role = (typeof ROLES)[number];
