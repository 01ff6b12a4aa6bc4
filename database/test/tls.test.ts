// The TLS code path of every app (API, settler, migration CLI all connect through
// databaseConfigFromEnv + createPool/createConnection) against a real MariaDB that serves a
// certificate from a CA made here, with a user that may only connect over TLS.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, createPool } from "../src/connection.js";
import { ConfigError, databaseConfigFromEnv, databaseConfigFromUrl } from "../src/env.js";
import { type EphemeralServer, startEphemeralServer } from "../src/ephemeral.js";
import { migrate } from "../src/migrate.js";

const TLS_USER = "tls_only";
const TLS_PASSWORD = "tls-only-password-0123";

/** A CA and a server certificate for 127.0.0.1 signed by it; a second, unrelated CA. */
function makeCertificates(directory: string) {
  const file = (name: string) => path.join(directory, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  const ca = (name: string) =>
    openssl(
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-keyout",
      file(`${name}.key`),
      "-out",
      file(`${name}.pem`),
      "-subj",
      `/CN=${name}`,
    );
  ca("ssgbay-test-ca");
  ca("other-ca");
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
    "-subj",
    "/CN=127.0.0.1",
  );
  writeFileSync(file("server.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl(
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ssgbay-test-ca.pem"),
    "-CAkey",
    file("ssgbay-test-ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    file("server.ext"),
    "-out",
    file("server.pem"),
  );
  return {
    serverArgs: [
      `--ssl-ca=${file("ssgbay-test-ca.pem")}`,
      `--ssl-cert=${file("server.pem")}`,
      `--ssl-key=${file("server.key")}`,
    ],
    ca: readFileSync(file("ssgbay-test-ca.pem"), "utf8"),
    otherCa: readFileSync(file("other-ca.pem"), "utf8"),
  };
}

describe("database connections over TLS (DB_TLS_CA)", () => {
  let directory: string;
  let server: EphemeralServer;
  let certificates: ReturnType<typeof makeCertificates>;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), "ssgbay-tls-"));
    certificates = makeCertificates(directory);
    server = await startEphemeralServer({
      handleSignals: false,
      database: "ssgbay_tls",
      serverArgs: certificates.serverArgs,
    });
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
    await server?.stop();
    if (directory) rmSync(directory, { recursive: true, force: true });
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
