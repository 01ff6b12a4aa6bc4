import { setTimeout as sleep } from "node:timers/promises";

/** Polls until `check` holds; the test's own timeout bounds the wait. */
export async function waitUntil(check: () => Promise<boolean>, pollMs = 50): Promise<void> {
  while (!(await check())) await sleep(pollMs);
}
