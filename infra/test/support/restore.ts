// Restores a dump the way infra/README.md does (the `mysql` client reading it on stdin) into a
// fresh database beside the test's, and reads one probe user's nickname back from it.
import { execFileSync } from "node:child_process";
import { createConnection, type DatabaseConfig } from "@ssgbay/database";

/** Restores `dump` into `<database>_<suffix>`, returns the probe's nickname(s), drops it again. */
export async function restoredNicknames(
  config: DatabaseConfig,
  suffix: string,
  dump: string | Buffer,
  username: string,
): Promise<unknown> {
  const restored = `${config.database}_${suffix}`;
  const admin = await createConnection({ ...config, database: "" });
  try {
    await admin.query(`CREATE DATABASE \`${restored}\``);
    execFileSync(
      "mysql",
      [`--host=${config.host}`, `--port=${config.port}`, `--user=${config.user}`, restored],
      { input: dump, env: { PATH: process.env.PATH, MYSQL_PWD: config.password } },
    );
    const [rows] = await admin.query(
      `SELECT nickname FROM \`${restored}\`.users WHERE username = ?`,
      [username],
    );
    return rows;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${restored}\``);
    await admin.end();
  }
}
