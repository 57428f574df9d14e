import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { SessionUser } from "../../../server/auth/lucia";
import { currentNavItem, navFor, ROLE_LABELS } from "~/lib/roles";
import { CustomerSearchBox } from "./customer-search-box";

/** The frame of every signed-in page: navigation for the role, the customer search box, who is signed in, sign-out. */
export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const items = navFor(user.role);
  const current = currentNavItem(
    items.map((item) => item.to),
    useLocation().pathname,
  );
  return (
    <div className="flex min-h-full">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <aside className="hidden w-56 shrink-0 flex-col border-r border-slate-200 bg-white md:flex">
        <div className="px-5 py-5">
          <span className="text-lg font-semibold tracking-tight text-indigo-700">Frontline</span>
        </div>
        <nav aria-label="Main" className="flex-1 space-y-0.5 px-3">
          {items.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              aria-current={current === item.to ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm font-medium ${
                current === item.to ? "bg-indigo-50 text-indigo-700" : "text-slate-700 hover:bg-slate-100"
              }`}
            >
              {item.label}
            </Link>
          ))}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3 border-b border-slate-200 bg-white px-6 py-3">
          <nav aria-label="Main (compact)" className="flex w-full gap-3 overflow-x-auto md:hidden">
            {items.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                aria-current={current === item.to ? "page" : undefined}
                className={`whitespace-nowrap text-sm ${current === item.to ? "font-semibold text-indigo-700" : "text-slate-700"}`}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <div role="search" aria-label="Customers" className="min-w-0 flex-1">
            <CustomerSearchBox />
          </div>
          <div className="flex items-center gap-4">
            {/* On a phone the name gives way to the search box; My account says who is signed in. */}
            <div className="hidden text-right leading-tight sm:block">
              <p className="text-sm font-medium" data-testid="signed-in-user">
                {user.name}
              </p>
              <p className="hidden text-xs text-slate-500 lg:block">
                {user.email} · {ROLE_LABELS[user.role]}
              </p>
            </div>
            <Form method="post" action="/logout">
              <button type="submit" className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
                Sign out
              </button>
            </Form>
          </div>
        </header>
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-6 py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
