import type { Role } from "../../db/roles";

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  hr: "HR (hiring)",
  planner: "Workforce planner",
  supervisor: "Supervisor",
  agent: "Support agent",
};

/** Where a role lands after signing in. */
export function homePathFor(role: Role): string {
  switch (role) {
    case "admin":
      return "/admin/users";
    case "planner":
    case "supervisor":
      return "/schedule";
    case "agent":
      return "/my-schedule";
    default:
      return "/";
  }
}

export interface NavItem {
  to: string;
  label: string;
  roles: Role[] | "all";
}

/** The left navigation; each item shows only to the roles that may use it (the server checks again). */
export const NAV_ITEMS: NavItem[] = [
  { to: "/", label: "Home", roles: "all" },
  { to: "/console", label: "Console", roles: ["agent", "supervisor"] },
  { to: "/wall", label: "Supervisor wall", roles: ["supervisor"] },
  { to: "/customers", label: "Customers", roles: "all" },
  { to: "/customers/duplicates", label: "Duplicates", roles: ["supervisor"] },
  { to: "/interactions/review", label: "Off-shift review", roles: ["supervisor"] },
  { to: "/quality", label: "Quality", roles: ["supervisor", "planner", "agent"] },
  { to: "/my-schedule", label: "My schedule", roles: ["agent"] },
  { to: "/schedule", label: "Schedule board", roles: ["planner", "supervisor"] },
  { to: "/agents", label: "Agents", roles: ["planner", "supervisor", "hr"] },
  { to: "/teams", label: "Teams", roles: ["planner", "supervisor"] },
  { to: "/time-off", label: "Time off", roles: ["planner", "supervisor"] },
  { to: "/skills", label: "Skills", roles: ["planner", "supervisor"] },
  { to: "/admin/users", label: "Users", roles: ["admin"] },
  { to: "/admin/import", label: "Import", roles: ["admin"] },
  { to: "/admin/api-keys", label: "API keys", roles: ["admin"] },
  { to: "/admin/audit", label: "Audit log", roles: ["admin"] },
  { to: "/account", label: "My account", roles: "all" },
];

export function navFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles === "all" || role === "admin" || item.roles.includes(role));
}

/**
 * The navigation item the page belongs to: the longest one whose path the page is on, so
 * /customers/duplicates lights Duplicates alone, while a customer's page still lights Customers.
 */
export function currentNavItem(paths: readonly string[], pathname: string): string | null {
  let best: string | null = null;
  for (const to of paths) {
    const on = to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`);
    if (on && (best === null || to.length > best.length)) best = to;
  }
  return best;
}
