import { isValidTimeZone } from "../../server/workforce/local-time";

/** The browser tells the server its IANA zone through this cookie, so pages render times in it. */
export const VIEWER_ZONE_COOKIE = "viewer_tz";

export function viewerZoneFrom(request: Request): string {
  const cookie = request.headers.get("cookie") ?? "";
  const match = new RegExp(`(?:^|;\\s*)${VIEWER_ZONE_COOKIE}=([^;]+)`).exec(cookie);
  const zone = match ? decodeURIComponent(match[1]!) : "";
  return zone && isValidTimeZone(zone) ? zone : "UTC";
}
