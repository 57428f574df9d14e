import { useRef } from "react";

/**
 * A React key for a form that changes only when an action succeeds, so the
 * form clears after a success but keeps what was typed after a refusal.
 */
export function useSuccessKey(result: { ok: boolean; at?: number } | undefined, base = "form"): string {
  const last = useRef(base);
  if (result?.ok && result.at !== undefined) last.current = `${base}-${result.at}`;
  return last.current;
}
