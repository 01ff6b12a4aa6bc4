import { PoolLimitError } from "@ssgbay/database";

/** mysql2 error codes that mean the server cannot be reached, as opposed to a bad query. */
const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
  "ER_NORMAL_SHUTDOWN",
  "POOL_CLOSED",
]);

/** Whether `error` means the database cannot serve now: unreachable, frozen or saturated. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof PoolLimitError) return true;
  if (!(error instanceof Error)) return false;
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  if (code && unavailableCodes.has(code)) return true;
  if ("fatal" in error && error.fatal === true) return true;
  return error.message === "Pool is closed." || error.message.startsWith("connect ETIMEDOUT");
}
