import { createConnection, type DatabaseConfig } from "@ssgbay/database";
import { format, type Pool, type RowDataPacket } from "mysql2/promise";
import { z } from "zod";

const logRows = z.array(
  z.object({
    command_type: z.string(),
    argument: z.union([z.string(), z.instanceof(Buffer).transform((b) => b.toString("utf8"))]),
  }),
);

/** Statements a request issues that the raw reference replays: reads only, in order. */
function isReplayable(statement: string): boolean {
  return /^\s*(\(\s*)?SELECT\b/i.test(statement) && !/general_log/i.test(statement);
}

/**
 * Runs `work` (the API's own repository or service code) on a pool that records every
 * statement it sends, with its values inlined as mysql2 would (`timezone: "Z"`, as our pools
 * use). Unlike the server's log this does not depend on when a statement was prepared: MariaDB
 * logs an `Execute` of a statement prepared earlier with `?` instead of its values.
 *
 * With `warmUp`, `work` runs once unrecorded on the same pool first, so what is recorded is a
 * request in steady state: the API keeps per-pool caches (a list filter's count, shared for a few
 * seconds), and under load nearly every request finds them warm.
 */
export async function recordStatements(
  pool: Pool,
  work: (db: Pool) => Promise<unknown>,
  options: { warmUp?: boolean } = {},
): Promise<string[]> {
  const statements: string[] = [];
  let recording = false;
  const recordingPool = new Proxy(pool, {
    get(target, property, receiver) {
      if (property !== "query" && property !== "execute") {
        return Reflect.get(target, property, receiver);
      }
      const original = target[property].bind(target) as (sql: string, values?: unknown) => unknown;
      return (sql: string, values?: unknown) => {
        if (recording) statements.push(format(sql, values as never, false, "Z"));
        return original(sql, values);
      };
    },
  });
  if (options.warmUp) await work(recordingPool);
  recording = true;
  await work(recordingPool);
  return statements.filter(isReplayable);
}

/**
 * Records the SQL text the API sends to the database while `request` runs, using the server's
 * general query log (as a table). Only the request should be running: the bench calls this
 * before any load starts. Prepared statements appear with their values filled in.
 */
export async function captureSql(
  admin: DatabaseConfig,
  request: () => Promise<void>,
): Promise<string[]> {
  const connection = await createConnection(admin);
  try {
    await connection.query("SET GLOBAL log_output = 'TABLE'");
    await connection.query("TRUNCATE TABLE mysql.general_log");
    await connection.query("SET GLOBAL general_log = 1");
    try {
      await request();
    } finally {
      await connection.query("SET GLOBAL general_log = 0");
    }
    const [rows] = await connection.query<RowDataPacket[]>(
      `SELECT l.command_type, l.argument
         FROM mysql.general_log l
        WHERE l.command_type IN ('Query', 'Execute')
          AND l.thread_id <> CONNECTION_ID()
        ORDER BY l.event_time`,
    );
    return logRows
      .parse(rows)
      .map((row) => row.argument)
      .filter(isReplayable);
  } finally {
    await connection.end();
  }
}
