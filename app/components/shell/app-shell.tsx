import { Form, Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { SessionUser } from "../../../server/auth/lucia";
import { focusIsLost } from "~/lib/focus";
import { currentNavItem, navFor, ROLE_LABELS, type NavItem } from "~/lib/roles";
import { CustomerSearchBox } from "./customer-search-box";

/** The frame of every signed-in page: navigation for the role, the customer search box, who is signed in, sign-out. */
export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  useHeadingTakesLostFocus();
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
          <CompactNav items={items} current={current} />
          {/* Below md the search box takes a row of its own under the menu and sign-out: beside them it showed "Search cus". */}
          <div role="search" aria-label="Customers" className="order-last min-w-0 basis-full md:order-none md:basis-auto md:flex-1">
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

/**
 * A link that opens another page is usually gone with the page it was on, and the browser leaves the focus on
 * <body>: the next Tab starts over at "Skip to content" and a screen reader says nothing of the new page. After
 * such a navigation the new page's heading takes the focus (and is read out), as a full page load would start
 * there. Focus that is still somewhere (a side-bar link, the search box, or what the page itself focused) stays.
 */
function useHeadingTakesLostFocus() {
  const { pathname } = useLocation();
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (focusIsLost()) document.querySelector<HTMLElement>("#main h1")?.focus({ preventScroll: true });
  }, [pathname]);
}

/**
 * Below the md breakpoint the side bar gives way to a disclosure: a "Menu" button that names the
 * page you are on, opening the same list one item per line (a row of links scrolled sideways and
 * hid most of the pages on a phone). A <details> element, so it opens without JavaScript too; it
 * closes when a page is chosen and on Escape, which gives the focus back to the button.
 */
function CompactNav({ items, current }: { items: NavItem[]; current: string | null }) {
  const [open, setOpen] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  const { pathname } = useLocation();
  useEffect(() => setOpen(false), [pathname]);
  const label = items.find((item) => item.to === current)?.label;
  return (
    <details
      ref={details}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !open) return;
        setOpen(false);
        details.current?.querySelector("summary")?.focus();
      }}
      className="relative md:hidden"
    >
      <summary
        aria-label={label ? `Menu, on ${label}` : "Menu"}
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 fill-current">
          <path d="M3 5h14v1.5H3zM3 9.25h14v1.5H3zM3 13.5h14V15H3z" />
        </svg>
        Menu
      </summary>
      <nav aria-label="Main (compact)" className="absolute left-0 z-40 mt-2 w-56 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
        {items.map((item) => (
          <Link
            key={item.to}
            to={item.to}
            aria-current={current === item.to ? "page" : undefined}
            onClick={() => setOpen(false)}
            className={`block px-4 py-2 text-sm ${current === item.to ? "bg-indigo-50 font-semibold text-indigo-700" : "text-slate-700 hover:bg-slate-100"}`}
          >
            {item.label}
          </Link>
        ))}
      </nav>
    </details>
  );
}
