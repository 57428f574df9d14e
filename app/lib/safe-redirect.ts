/** Only a path on this site; anything else (another host, a scheme) would be an open redirect. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined): string | null {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return null;
  return to;
}
