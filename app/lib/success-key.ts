import { useRef } from "react";

/**
 * A React key for one form that changes only when that form's own action succeeds: the action's answer
 * names the intent it carried out, and only an `ok` answer with this form's `intent` counts. So the form
 * starts afresh after its own success, and keeps what was typed after a refusal or after another form on
 * the page succeeds (e.g. revoking a key leaves a half-typed new key alone).
 */
export function useSuccessKey(result: { ok: boolean; intent?: unknown; at?: number } | undefined, intent: string): string {
  const last = useRef(intent);
  if (result?.ok && result.intent === intent && result.at !== undefined) last.current = `${intent}-${result.at}`;
  return last.current;
}
