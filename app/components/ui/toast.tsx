import * as ToastPrimitive from "@radix-ui/react-toast";
import { useEffect, useState } from "react";

export interface ToastMessage {
  /** Changes with every new message, so the same text twice shows twice. */
  id: string | number;
  text: string;
  tone?: "success" | "error";
}

/** Shows the latest confirmation of an action; announced to screen readers. */
export function Toaster({ message }: { message: ToastMessage | null | undefined }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (message) setOpen(true);
  }, [message?.id]);
  const tone = message?.tone === "error" ? "bg-red-700" : "bg-slate-900";
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={5000}>
      {message ? (
        <ToastPrimitive.Root
          open={open}
          onOpenChange={setOpen}
          className={`${tone} flex items-center gap-4 rounded-md px-4 py-3 text-sm text-white shadow-lg`}
        >
          <ToastPrimitive.Description>{message.text}</ToastPrimitive.Description>
          <ToastPrimitive.Close className="ml-auto rounded px-1 text-white/80 hover:text-white" aria-label="Dismiss">
            ×
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ) : null}
      <ToastPrimitive.Viewport className="fixed bottom-4 right-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2 outline-none" />
    </ToastPrimitive.Provider>
  );
}
