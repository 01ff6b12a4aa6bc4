// The off-cluster backup image dumps with MariaDB's mysqldump (Debian's mariadb-client, the same
// package this host runs) while production runs MySQL 8.4: what of that pairing can be shown
// without a MySQL server (infra/README.md, "Which mysqldump against which server").
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { createConnection } from "@ssgbay/database";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import { describe, expect, it } from "vitest";
import { BACKUP_DUMP_OPTIONS } from "../components/backup.js";
import { restoredNicknames } from "./support/restore.js";
import { REPOSITORY_ROOT } from "./support/stack-files.js";

const database = useTestDatabase();
const SANDBOX_LINE = /^\/\*M!999999\\- enable the sandbox mode \*\/ ?$/;

function mysqldump(extra: string[]): string {
  const { config } = database;
  return execFileSync(
    "mysqldump",
    [
      ...BACKUP_DUMP_OPTIONS,
      ...extra,
      `--host=${config.host}`,
      `--port=${config.port}`,
      `--user=${config.user}`,
      config.database,
    ],
    {
      encoding: "utf8",
      env: { PATH: process.env.PATH, MYSQL_PWD: config.password },
      maxBuffer: 1024 ** 3,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/** The filter infra/README.md gives for restoring with MySQL's own client (one home: the README). */
function readmeSandboxFilter(): string {
  const readme = readFileSync(path.join(REPOSITORY_ROOT, "infra", "README.md"), "utf8");
  const filter = /sed '1\{[^']*\}'/.exec(readme)?.[0];
  if (!filter) throw new Error("infra/README.md gives no sandbox-line filter");
  return filter;
}

describe("the backup image's mysqldump (MariaDB 10.11) paired with MySQL 8.4", () => {
  it("uses no option MariaDB's mysqldump lacks, and none MySQL 8.4 refuses", () => {
    const help = execFileSync("mysqldump", ["--help"], { encoding: "utf8" });
    for (const option of BACKUP_DUMP_OPTIONS) {
      expect(help, option).toContain(option.replace(/=.*/, ""));
    }
    // The script adds --set-gtid-purged / --ssl-mode only where the client has them (MySQL's).
    expect(help).not.toContain("--set-gtid-purged");
    expect(help).not.toContain("--column-statistics");
  });

  it("writes MariaDB's sandbox line first; the README's filter for MySQL's client drops only that line", async () => {
    const connection = await createConnection(database.config);
    await connection.query(
      "INSERT INTO users (username, password_hash, nickname, phone) VALUES ('pairing_probe', 'x', 'Pairing', '01012345678')",
    );
    const dump = mysqldump([]);
    const lines = dump.split("\n");
    expect(lines[0]).toMatch(SANDBOX_LINE);
    expect(lines.slice(1).some((line) => SANDBOX_LINE.test(line))).toBe(false);

    const filtered = execFileSync("bash", ["-c", readmeSandboxFilter()], {
      input: dump,
      encoding: "utf8",
      maxBuffer: 1024 ** 3,
    });
    expect(filtered).toBe(lines.slice(1).join("\n"));
    await connection.end();
    // Still a whole dump: it restores (here with MariaDB's client) into an empty database.
    expect(await restoredNicknames(database.config, "filtered", filtered, "pairing_probe")).toEqual(
      [{ nickname: "Pairing" }],
    );
  });
});
