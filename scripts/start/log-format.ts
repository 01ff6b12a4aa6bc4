import type { Writable } from "node:stream";
import pretty from "pino-pretty";

export const LOG_FORMATS = ["pretty", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Pretty on a terminal, where a person reads it; JSON when piped, where a program does. */
export function defaultLogFormat(isTty: boolean): LogFormat {
  return isTty ? "pretty" : "json";
}

interface RequestLine {
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

/** "GET /api/items?status=all 200 12ms" for a request line, the message for anything else. */
export function conciseMessage(line: Record<string, unknown>, messageKey: string): string {
  const { req, res, responseTime } = line as RequestLine;
  if (req?.method && req.url && res?.statusCode !== undefined) {
    const took = typeof responseTime === "number" ? ` ${Math.round(responseTime)}ms` : "";
    return `${req.method} ${req.url} ${res.statusCode}${took}`;
  }
  return String(line[messageKey] ?? "");
}

/**
 * A stream that turns the API's pino JSON lines into one short line each (time, level,
 * message; errors keep their details) and writes them to `destination`.
 */
export function prettyLogStream(destination: Writable, colorize: boolean): Writable {
  return pretty({
    destination,
    colorize,
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname,service,req,res,responseTime,reqId",
    singleLine: true,
    messageFormat: conciseMessage,
  });
}
