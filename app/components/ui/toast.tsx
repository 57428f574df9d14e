import { useEffect, useState } from "react";

export interface ToastMessage {
  /** Changes with every new message, so the same text twice shows twice. */
  id: string | number;
  text: string;
  tone?: "success" | "error";
}

const SHOW_MS = 6000;

/**
 * Confirms the latest action in a corner of the screen. The live region is
 * always in the page, so screen readers announce each new message.
 */
export function Toaster({ message }: { message: ToastMessage | null | undefined }) {
  const [shown, setShown] = useState<ToastMessage | null>(null);
  useEffect(() => {
    if (!message) return;
    setShown(message);
    const timer = setTimeout(() => setShown(null), SHOW_MS);
    return () => clearTimeout(timer);
  }, [message?.id]); // eslint-disable-line react-hooks/exhaustive-deps -- a new id is a new message
  const tone = shown?.tone === "error" ? "bg-red-700" : "bg-slate-900";
  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 w-96 max-w-[calc(100vw-2rem)]">
      {shown ? (
        <div className={`${tone} pointer-events-auto flex items-center gap-4 rounded-md px-4 py-3 text-sm text-white shadow-lg`}>
          <span>{shown.text}</span>
          <button
            type="button"
            onClick={() => setShown(null)}
            className="ml-auto rounded px-1 text-white/80 hover:text-white"
            aria-label="Dismiss"
          >
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
