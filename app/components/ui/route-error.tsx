import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { PageHeader } from "./card";

/**
 * What a page's error boundary says: the server's own message when it sent
 * one, else "<what> could not be shown (status)" or, for a failure that never
 * reached the server, "<what> could not be loaded".
 */
export function routeErrorMessage(error: unknown, what: string, byStatus: Record<number, string> = {}): string {
  if (!isRouteErrorResponse(error)) return `${what} could not be loaded. Try again in a moment.`;
  if (typeof error.data === "string") return error.data;
  return byStatus[error.status] ?? `${what} could not be shown (${error.status}).`;
}

/** A page's error boundary: its title, the message, and a way back or to try again. */
export function RouteErrorPage({
  title,
  what,
  link,
  byStatus,
}: {
  title: string;
  /** What the page shows, as the start of a sentence ("The customers"). */
  what: string;
  link: { to: string; label: string };
  byStatus?: Record<number, string>;
}) {
  const error = useRouteError();
  return (
    <>
      <PageHeader title={title} />
      <div role="alert" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-inset ring-red-200">
        {routeErrorMessage(error, what, byStatus)}{" "}
        <Link to={link.to} className="font-medium underline">
          {link.label}
        </Link>
      </div>
    </>
  );
}
