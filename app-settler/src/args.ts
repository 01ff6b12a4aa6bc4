import { parseArgs } from "node:util";
import { ConfigError } from "@ssgbay/database";
import { z } from "zod";

export const DEFAULT_WATCH_INTERVAL_SECONDS = 60;
const MAX_INTERVAL_SECONDS = 86_400;

export type SettlerMode = { watch: false } | { watch: true; intervalSeconds: number };

const intervalRule = `must be a number of seconds from 0.1 to ${MAX_INTERVAL_SECONDS}`;
const intervalSchema = z.coerce
  .number({ error: intervalRule })
  .min(0.1, { error: intervalRule })
  .max(MAX_INTERVAL_SECONDS, { error: intervalRule });

/**
 * `[--watch [--interval <seconds>]]`. Without flags the process settles once and exits, as
 * the CronJob wants; `--watch` repeats every interval for local use.
 */
export function parseSettlerArgs(argv: string[]): SettlerMode {
  const values = readFlags(argv);
  if (!values.watch) {
    if (values.interval !== undefined) {
      throw new ConfigError(["--interval: only valid together with --watch"]);
    }
    return { watch: false };
  }
  if (values.interval === undefined) {
    return { watch: true, intervalSeconds: DEFAULT_WATCH_INTERVAL_SECONDS };
  }
  // An empty string would coerce to 0 and read as "missing" rather than "too small".
  const parsed = intervalSchema.safeParse(
    values.interval.trim() === "" ? Number.NaN : values.interval,
  );
  if (!parsed.success) throw new ConfigError([`--interval: ${intervalRule}`]);
  return { watch: true, intervalSeconds: parsed.data };
}

function readFlags(argv: string[]): { watch?: boolean; interval?: string } {
  try {
    return parseArgs({
      args: argv,
      options: { watch: { type: "boolean" }, interval: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    // Node's messages name the flag in their first sentence ("Unknown option '--foo'").
    const message = error instanceof Error ? error.message : String(error);
    const firstSentence = message.split(/\.\s|\.$|\n/)[0] ?? message;
    throw new ConfigError([`flags: ${firstSentence}`]);
  }
}
