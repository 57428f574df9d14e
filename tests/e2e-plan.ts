/** Whether `npm test` runs the end-to-end suite, skips it loudly, or fails for want of a browser. */
export type E2EPlan =
  | { action: "run"; chromium: string }
  | { action: "skip" | "fail"; chromium: string; banner: string[] };

export function e2ePlan(env: { CI?: string; CHROMIUM_PATH?: string }, exists: (path: string) => boolean): E2EPlan {
  const chromium = env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (exists(chromium)) return { action: "run", chromium };
  return {
    action: env.CI ? "fail" : "skip",
    chromium,
    banner: [
      `END-TO-END TESTS SKIPPED: no Chromium at ${chromium}.`,
      "Install Debian's: apt-get install -y chromium (never a downloaded browser).",
    ],
  };
}
