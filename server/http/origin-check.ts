const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginCheckInput {
  method: string;
  /** The host the client addressed (Host, or X-Forwarded-Host behind a trusted proxy). */
  host: string | undefined;
  origin: string | undefined;
  secFetchSite: string | undefined;
}

/**
 * Refuses state-changing requests that a browser sent from another site
 * (CSRF). Browsers always label their requests with Sec-Fetch-Site or
 * Origin; programs such as curl send neither and are let through, since
 * they authenticate with an API key or a cookie they hold themselves.
 */
export function isCrossSiteWrite({ method, host, origin, secFetchSite }: OriginCheckInput): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (secFetchSite) return secFetchSite !== "same-origin" && secFetchSite !== "none";
  if (!origin) return false;
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
