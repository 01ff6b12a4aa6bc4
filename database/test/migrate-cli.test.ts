import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../src/testing/vitest.js";

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
/** Every migration file, in the order the runner applies them. */
const migrationFiles = readdirSync(join(packageDir, "migrations"))
  .filter((name) => name.endsWith(".sql"))
  .sort();

function runMigrateCli(env: NodeJS.ProcessEnv) {
  const clean = { ...process.env };
  for (const name of ["DATABASE_URL", "DB_HOST", "DB_PORT", "DB_NAME", "DB_USER", "DB_PASSWORD"]) {
    delete clean[name];
  }
  return spawnSync(
    process.execPath,
    ["--conditions=ssgbay-source", "--import", "tsx", join(packageDir, "src/cli/migrate.ts")],
    { cwd: packageDir, env: { ...clean, ...env }, encoding: "utf8" },
  );
}

describe("migrate CLI", () => {
  const db = useTestDatabase({ migrated: false });

  it("applies migrations from the DB_* parts a Secret gives, then reports nothing to do", () => {
    const env = {
      DB_HOST: db.config.host,
      DB_PORT: String(db.config.port),
      DB_NAME: db.config.database,
      DB_USER: db.config.user,
      DB_PASSWORD: db.config.password,
    };
    const first = runMigrateCli(env);
    expect(first.status).toBe(0);
    expect(migrationFiles[0]).toBe("0001_initial_schema.sql");
    expect(JSON.parse(first.stdout)).toMatchObject({ applied: migrationFiles });
    const second = runMigrateCli({ DATABASE_URL: db.url });
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ applied: [] });
  });

  it("exits 1 with one line per bad variable and never echoes a value", () => {
    const result = runMigrateCli({
      DB_HOST: "db",
      DB_PORT: "seventy",
      DB_PASSWORD: "s3cret-value",
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DB_PORT: /),
        "DB_NAME: is required when DATABASE_URL is not set",
        "DB_USER: is required when DATABASE_URL is not set",
      ]),
    );
    expect(lines).toHaveLength(3);
    expect(result.stderr).not.toContain("s3cret-value");
  });

  it("exits 1 with one readable line when the server cannot be reached", () => {
    const result = runMigrateCli({ DATABASE_URL: "mysql://u:p@127.0.0.1:1/ssgbay" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
