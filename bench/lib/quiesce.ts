import { createConnection, type DatabaseConfig } from "@ssgbay/database";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { z } from "zod";
import { waitFor } from "./clock.js";

/**
 * Waits until no statement is running on `database` except our own probe, so that work a load
 * run left queued (requests the API accepted before the client hung up) never spills into the
 * next measurement or into an SQL capture.
 */
export async function waitForQuietDatabase(admin: DatabaseConfig, database: string): Promise<void> {
  const connection = await createConnection(admin);
  try {
    await waitFor(
      `database ${database} to go quiet`,
      async () => {
        const [rows] = await connection.query<RowDataPacket[]>(
          `SELECT COUNT(*) AS busy FROM information_schema.PROCESSLIST
            WHERE DB = ? AND COMMAND NOT IN ('Sleep', 'Daemon') AND ID <> CONNECTION_ID()`,
          [database],
        );
        const busy = z.array(z.object({ busy: z.coerce.number() })).parse(rows)[0]?.busy ?? 0;
        return busy === 0 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    );
  } finally {
    await connection.end();
  }
}

/**
 * Waits until InnoDB's purge has caught up (history list length 0): the old row versions and
 * index entries a big UPDATE left (the settle benchmark's reset of every item) are cleaned up
 * by background threads, which would otherwise compete for the cores with the next
 * measurement, whichever side it belongs to.
 */
export async function waitForPurge(pool: Pool): Promise<void> {
  await waitFor(
    "InnoDB purge to catch up",
    async () => {
      const [rows] = await pool.query<RowDataPacket[]>(
        `SELECT COUNT AS pending FROM information_schema.INNODB_METRICS
          WHERE NAME = 'trx_rseg_history_len'`,
      );
      const pending = z.array(z.object({ pending: z.coerce.number() })).parse(rows)[0]?.pending;
      if (pending === undefined) throw new Error("INNODB_METRICS has no trx_rseg_history_len");
      return pending === 0 ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 100 },
  );
}
