// The TLS code path of every app (API, settler, migration CLI all connect through
// databaseConfigFromEnv + createPool/createConnection) against a real MariaDB that serves a
// certificate from a CA made by the test kit, with a user that may only connect over TLS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, createPool } from "../src/connection.js";
import { ConfigError, databaseConfigFromEnv, databaseConfigFromUrl } from "../src/env.js";
import { migrate } from "../src/migrate.js";
import { startTlsServer, type TlsServer } from "../src/testing/tls-server.js";

const TLS_USER = "tls_only";
const TLS_PASSWORD = "tls-only-password-0123";

describe("database connections over TLS (DB_TLS_CA)", () => {
  let certificates: TlsServer;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    certificates = await startTlsServer("ssgbay_tls");
    const { server } = certificates;
    const admin = await createConnection(databaseConfigFromUrl(server.url));
    await admin.query(`CREATE USER '${TLS_USER}'@'127.0.0.1' IDENTIFIED BY ? REQUIRE SSL`, [
      TLS_PASSWORD,
    ]);
    await admin.query(`GRANT ALL PRIVILEGES ON ssgbay_tls.* TO '${TLS_USER}'@'127.0.0.1'`);
    await admin.end();
    env = {
      DB_HOST: "127.0.0.1",
      DB_PORT: String(server.port),
      DB_NAME: "ssgbay_tls",
      DB_USER: TLS_USER,
      DB_PASSWORD: TLS_PASSWORD,
      DB_TLS_CA: certificates.ca,
    };
  }, 120_000);

  afterAll(async () => {
    await certificates?.stop();
  });

  it("connects a pool (the API's and settler's path) over verified TLS as a REQUIRE SSL user", async () => {
    const config = databaseConfigFromEnv(env);
    expect(config.tlsCa).toBe(certificates.ca);
    const pool = createPool(config);
    try {
      const [rows] = await pool.query("SHOW SESSION STATUS LIKE 'Ssl_version'");
      expect(rows).toEqual([
        { Variable_name: "Ssl_version", Value: expect.stringMatching(/^TLS/) },
      ]);
    } finally {
      await pool.end();
    }
  });

  it("applies the migrations over TLS (the migration CLI's path)", async () => {
    const result = await migrate(databaseConfigFromEnv(env), { log: () => {} });
    expect(result.applied.length).toBeGreaterThan(0);
    const pool = createPool(databaseConfigFromEnv(env));
    try {
      const [tables] = await pool.query("SHOW TABLES LIKE 'items'");
      expect(tables).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });

  it("is refused without TLS: the user requires it (so the tests above prove TLS was used)", async () => {
    const { DB_TLS_CA: _ca, ...plain } = env;
    await expect(createConnection(databaseConfigFromEnv(plain))).rejects.toThrow(/Access denied/);
  });

  it("refuses a server whose certificate the configured CA did not sign", async () => {
    const config = databaseConfigFromEnv({ ...env, DB_TLS_CA: certificates.otherCa });
    await expect(createConnection(config)).rejects.toThrow(/certificate|self.signed/i);
  });

  it("names DB_TLS_CA when it is not a PEM certificate", () => {
    expect(() => databaseConfigFromEnv({ ...env, DB_TLS_CA: "not a certificate" })).toThrow(
      ConfigError,
    );
    try {
      databaseConfigFromEnv({ ...env, DB_TLS_CA: "not a certificate" });
    } catch (error) {
      expect(String(error)).toMatch(/DB_TLS_CA: must be a PEM certificate/);
    }
  });
});
