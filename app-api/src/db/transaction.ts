import type { Pool, PoolConnection } from "mysql2/promise";
import { isDatabaseUnavailable } from "./unavailable.js";

/** Runs `work` in one transaction on one pooled connection; rolls back on any error. */
export async function withTransaction<T>(
  pool: Pool,
  work: (connection: PoolConnection) => Promise<T>,
): Promise<T> {
  const connection = await pool.getConnection();
  let broken = false;
  try {
    await connection.beginTransaction();
    const result = await work(connection);
    await connection.commit();
    return result;
  } catch (error) {
    broken = isDatabaseUnavailable(error);
    if (!broken) await connection.rollback().catch(() => undefined);
    throw error;
  } finally {
    // A connection that lost its server must not go back into the pool.
    if (broken) connection.destroy();
    else connection.release();
  }
}
