// The exporter's account SQL, as the program puts it into the MySQL Secret, run by a real server
// through --init-file (what the StatefulSet's command does on every start of an existing data
// directory): the rights it gives, and that a restart with a new password updates the account.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { createConnection, databaseConfigFromUrl } from "@ssgbay/database";
import { type EphemeralServer, startEphemeralServer } from "@ssgbay/database/dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MYSQL_SECRET_KEYS } from "../components/mysql.js";
import { REF_IMAGES } from "./support/config-problems.js";
import { find, kubeObjects } from "./support/kube-objects.js";
import { runProgram } from "./support/run-program.js";
import { scratchDirectory } from "./support/scratch.js";
import { readStackConfig, toPulumiConfig } from "./support/stack-files.js";

// Every character the config rule allows that means something in SQL or a shell.
const FIRST_PASSWORD = "Exp0rter;--`$(x)#%&*/<=>?@[]^{|}~!";
const SECOND_PASSWORD = "second-exporter-password-0123456789";

/** The SQL file the program mounts for this exporter password. */
async function exporterSql(password: string): Promise<string> {
  const run = await runProgram(
    "staging",
    {
      ...readStackConfig("staging"),
      ...toPulumiConfig({ "ssgbay:images": REF_IMAGES, "ssgbay:mysqlExporterPassword": password }),
    },
    { secretKeys: ["ssgbay:mysqlExporterPassword"] },
  );
  const objects = kubeObjects(run.resources);
  const statefulSet = find(objects, "StatefulSet", "mysql").manifest as {
    spec: { template: { spec: { volumes: { name: string; secret?: { secretName: string } }[] } } };
  };
  const secretName = statefulSet.spec.template.spec.volumes.find(
    (volume) => volume.name === "exporter-user",
  )?.secret?.secretName;
  const secret = objects.find((o) => o.kind === "Secret" && o.name === secretName);
  const sql = (secret?.manifest.stringData as Record<string, string> | undefined)?.[
    MYSQL_SECRET_KEYS.exporterUserSql
  ];
  if (!sql) throw new Error("the MySQL Secret has no exporter SQL");
  return sql;
}

let server: EphemeralServer;
let initFile: string;

const asExporter = (password: string) => {
  const admin = databaseConfigFromUrl(server.url);
  // No default schema, as mysqld_exporter connects.
  return createConnection({ ...admin, database: "", user: "exporter", password });
};
const denied = (statement: Promise<unknown>) =>
  expect(statement).rejects.toMatchObject({
    code: expect.stringMatching(/^ER_(TABLEACCESS|DBACCESS|SPECIFIC_ACCESS|ACCESS)_DENIED/),
  });

describe("the MySQL exporter's own account on a real server", () => {
  beforeAll(async () => {
    initFile = path.join(scratchDirectory("init"), MYSQL_SECRET_KEYS.exporterUserSql);
    writeFileSync(initFile, await exporterSql(FIRST_PASSWORD));
    server = await startEphemeralServer({
      handleSignals: false,
      database: "ssgbay",
      serverArgs: [`--init-file=${initFile}`, "--performance-schema=ON"],
    });
    const admin = await createConnection(databaseConfigFromUrl(server.url));
    await admin.query("CREATE TABLE ssgbay.items (id INT PRIMARY KEY, title VARCHAR(40))");
    await admin.query("INSERT INTO ssgbay.items VALUES (1, 'kept private')");
    await admin.end();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("may read server status, other sessions and performance_schema, and nothing of the app's data", async () => {
    const admin = await createConnection(databaseConfigFromUrl(server.url));
    const exporter = await asExporter(FIRST_PASSWORD);
    try {
      const [status] = await exporter.query("SHOW GLOBAL STATUS LIKE 'Uptime'");
      expect(status).toHaveLength(1);
      // PROCESS: the app user's session is visible, as the processlist collector needs.
      const [sessions] = await exporter.query(
        "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = 'ssgbay'",
      );
      expect((sessions as { n: number }[])[0]?.n).toBeGreaterThan(0);
      await exporter.query("SHOW ENGINE INNODB STATUS");
      await exporter.query(
        "SELECT COUNT(*) FROM performance_schema.events_statements_summary_by_digest",
      );

      await denied(exporter.query("SELECT * FROM ssgbay.items"));
      await denied(exporter.query("INSERT INTO ssgbay.items VALUES (2, 'x')"));
      await denied(exporter.query("CREATE DATABASE exporter_may_not"));
      await denied(exporter.query("SELECT * FROM mysql.user"));
      await denied(exporter.query("UPDATE performance_schema.setup_consumers SET ENABLED = 'NO'"));

      const [limits] = await admin.query(
        "SELECT max_user_connections AS most FROM mysql.user WHERE User = 'exporter' AND Host = '127.0.0.1'",
      );
      expect(limits).toEqual([{ most: 3 }]);
    } finally {
      await exporter.end();
      await admin.end();
    }
  });

  it("runs again on the existing data directory at the next start and takes a new password", async () => {
    await server.halt();
    writeFileSync(initFile, await exporterSql(SECOND_PASSWORD));
    await server.resume();

    const exporter = await asExporter(SECOND_PASSWORD);
    const [status] = await exporter.query("SHOW GLOBAL STATUS LIKE 'Uptime'");
    expect(status).toHaveLength(1);
    await denied(exporter.query("SELECT * FROM ssgbay.items"));
    await exporter.end();
    await expect(asExporter(FIRST_PASSWORD)).rejects.toMatchObject({
      code: "ER_ACCESS_DENIED_ERROR",
    });
    const admin = await createConnection(databaseConfigFromUrl(server.url));
    const [accounts] = await admin.query(
      "SELECT COUNT(*) AS n FROM mysql.user WHERE User = 'exporter'",
    );
    expect(accounts).toEqual([{ n: 1 }]);
    await admin.end();
  });
});
