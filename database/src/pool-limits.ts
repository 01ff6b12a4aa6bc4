// Deadlines on a mysql2 pool, so that a dead or frozen database fails callers in bounded time
// instead of holding them for the whole outage. mysql2's own per-query `timeout` is not used: it
// leaves the connection waiting for the unanswered statement (and does not cover the prepare
// step of `execute`), so the next borrower would queue behind it.
import type { Pool, PoolConnection } from "mysql2/promise";

export type PoolLimitCode = "DB_ACQUIRE_TIMEOUT" | "DB_POOL_QUEUE_FULL" | "DB_QUERY_TIMEOUT";

/** A bound of the pool tripped; the database may be down, frozen or overloaded. */
export class PoolLimitError extends Error {
  override name = "PoolLimitError";
  constructor(
    readonly code: PoolLimitCode,
    message: string,
  ) {
    super(message);
  }
}

export interface PoolDeadlines {
  acquireTimeoutMs: number;
  queryTimeoutMs: number;
}

// mysql2 signals a full queue (or, without waiting, a full pool) by message only.
const poolFullMessages = new Set(["Queue limit reached.", "No connections available."]);

function asPoolFull(error: unknown): unknown {
  if (error instanceof Error && poolFullMessages.has(error.message)) {
    return new PoolLimitError("DB_POOL_QUEUE_FULL", "Every database connection is busy.");
  }
  return error;
}

type Operation = (...args: never[]) => Promise<unknown>;

/**
 * Makes `pool` bound every wait: getConnection within `acquireTimeoutMs` (a connection that
 * arrives later goes straight back), and every statement (query, execute, transaction control)
 * on a borrowed connection within `queryTimeoutMs`, after which that connection is destroyed,
 * never returned to the pool; the server rolls back its open transaction when it sees it close.
 * `pool.query` and `pool.execute` borrow through the same path.
 */
export function limitPool(pool: Pool, deadlines: PoolDeadlines): Pool {
  const acquire = pool.getConnection.bind(pool);

  async function getConnection(): Promise<PoolConnection> {
    const connection = await acquireWithin(acquire, deadlines.acquireTimeoutMs);
    return limitConnection(connection, deadlines.queryTimeoutMs);
  }

  function onBorrowed<Name extends "query" | "execute">(name: Name): Pool[Name] {
    const run = async (...args: unknown[]) => {
      const connection = await getConnection();
      try {
        return await (connection[name] as (...given: unknown[]) => Promise<unknown>)(...args);
      } finally {
        // A no-op once the connection was destroyed.
        connection.release();
      }
    };
    return run as unknown as Pool[Name];
  }

  pool.getConnection = getConnection;
  pool.query = onBorrowed("query");
  pool.execute = onBorrowed("execute");
  return pool;
}

function acquireWithin(
  acquire: () => Promise<PoolConnection>,
  timeoutMs: number,
): Promise<PoolConnection> {
  return new Promise((resolve, reject) => {
    let gaveUp = false;
    const timer = setTimeout(() => {
      gaveUp = true;
      reject(
        new PoolLimitError("DB_ACQUIRE_TIMEOUT", `No database connection within ${timeoutMs} ms.`),
      );
    }, timeoutMs);
    acquire().then(
      (connection) => {
        if (gaveUp) connection.release();
        else {
          clearTimeout(timer);
          resolve(connection);
        }
      },
      (error: unknown) => {
        if (gaveUp) return;
        clearTimeout(timer);
        reject(asPoolFull(error));
      },
    );
  });
}

const timedOperations = ["query", "execute", "beginTransaction", "commit", "rollback"] as const;

function limitConnection(connection: PoolConnection, timeoutMs: number): PoolConnection {
  let abandoned = false;
  const destroy = connection.destroy.bind(connection);
  const abandon = () => {
    if (abandoned) return;
    abandoned = true;
    destroy();
  };

  function withDeadline(operation: Operation): Operation {
    return (...args) => {
      if (abandoned) {
        return Promise.reject(
          new PoolLimitError("DB_QUERY_TIMEOUT", "The connection was closed after a failure."),
        );
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          abandon();
          reject(
            new PoolLimitError(
              "DB_QUERY_TIMEOUT",
              `The database did not answer within ${timeoutMs} ms.`,
            ),
          );
        }, timeoutMs);
        operation(...args).then(
          (result) => {
            clearTimeout(timer);
            resolve(result);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
      });
    };
  }

  const methods = connection as unknown as Record<(typeof timedOperations)[number], Operation>;
  for (const name of timedOperations) {
    methods[name] = withDeadline(methods[name].bind(connection));
  }
  connection.destroy = abandon;
  return connection;
}
