import { useFetcher } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useRef } from "react";

/** What the customer 360 page's action answers: a confirmation, or the errors of the form that was sent. */
export type CrmActionData =
  | { ok: true; intent: string; message: string; at: number }
  | { ok: false; intent: string; formError: string; fieldErrors: Record<string, string[] | undefined>; details: unknown };

/** Lets each card on the page confirm its action in the page's one toast. */
export const NotifyContext = createContext<(message: string) => void>(() => undefined);

/**
 * A fetcher for one form of the 360 page: it posts to the page's action, and on
 * success calls `onSuccess` once and confirms in the toast. Each form has its
 * own fetcher, so its errors stay beside it.
 */
export function useCrmFetcher(onSuccess?: () => void) {
  const fetcher = useFetcher<CrmActionData>();
  const notify = useContext(NotifyContext);
  const seen = useRef<number | null>(null);
  useEffect(() => {
    const result = fetcher.data;
    // On the answer, not after the revalidation that follows: a row that the new data moves
    // elsewhere (a case closed leaves the open list) is unmounted by then.
    if (!result?.ok || seen.current === result.at) return;
    seen.current = result.at;
    notify(result.message);
    onSuccess?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data]);
  const failure = fetcher.data && !fetcher.data.ok && fetcher.state === "idle" ? fetcher.data : null;
  return { fetcher, failure, busy: fetcher.state !== "idle", errors: failure?.fieldErrors ?? {} };
}

/**
 * Gives focus back to the control that opened a form once the form closes (saved or cancelled), so
 * keyboard users are not dropped at the top of the page. Put `ref` on the control; call `returnFocus()`
 * when closing: a control still on the page is focused at once, one the form had replaced when it mounts again.
 * `focusReplacement()` waits for the next control given `ref` instead.
 */
export function useFocusReturn<T extends HTMLElement = HTMLButtonElement>() {
  const element = useRef<T | null>(null);
  const pending = useRef(false);
  const ref = useCallback((el: T | null) => {
    element.current = el;
    if (el && pending.current) {
      pending.current = false;
      el.focus();
    }
  }, []);
  const returnFocus = useCallback(() => {
    if (element.current?.isConnected) element.current.focus();
    else pending.current = true;
  }, []);
  /** For an action whose answer replaces the control (Archive becomes Restore): focus goes to the one that takes its place. */
  const focusReplacement = useCallback(() => {
    pending.current = true;
  }, []);
  return { ref, returnFocus, focusReplacement };
}
