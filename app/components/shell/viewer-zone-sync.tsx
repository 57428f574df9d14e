import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { VIEWER_ZONE_COOKIE } from "~/lib/viewer-zone";

/** Tells the server the browser's time zone once, then reloads the data so times render in it. */
export function ViewerZoneSync() {
  const revalidator = useRevalidator();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const current = `${VIEWER_ZONE_COOKIE}=${encodeURIComponent(zone)}`;
    if (!zone || document.cookie.split("; ").includes(current)) return;
    document.cookie = `${current}; path=/; max-age=31536000; samesite=lax`;
    revalidator.revalidate();
    // Once per page load is enough.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}
