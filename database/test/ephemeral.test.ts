import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import mysql from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { NO_SERVER_HINT, NoServerBinaryError, startEphemeralServer } from "../src/ephemeral.js";

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const serverCli = join(packageDir, "src/cli/server.ts");

/** True while the process exists and is not a zombie waiting to be reaped. */
function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

function runServerCli(env: NodeJS.ProcessEnv) {
  return spawn(process.execPath, ["--conditions=ssgbay-source", "--import", "tsx", serverCli], {
    cwd: packageDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

describe("ephemeral server", () => {
  it("starts, serves queries, stops, and leaves no process or directory behind", async () => {
    const server = await startEphemeralServer({ handleSignals: false });
    const pid = server.pid;
    expect(server.url).toMatch(/^mysql:\/\/ssgbay:[^@]+@127\.0\.0\.1:\d+\/ssgbay$/);
    const connection = await mysql.createConnection(server.url);
    const [rows] = await connection.query("SELECT 1 + 1 AS two");
    expect(rows).toEqual([{ two: 2 }]);
    await connection.end();
    expect(isRunning(pid)).toBe(true);
    expect(existsSync(server.dataDir)).toBe(true);

    await server.stop();
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(dirname(server.dataDir))).toBe(false);
  });

  it("halts and resumes on the same port for outage tests", async () => {
    const server = await startEphemeralServer({ handleSignals: false });
    try {
      await server.halt();
      await expect(mysql.createConnection(server.url)).rejects.toMatchObject({
        code: "ECONNREFUSED",
      });
      await server.resume();
      const connection = await mysql.createConnection(server.url);
      await connection.end();
    } finally {
      await server.stop();
    }
  });

  it("throws the install hint when no server binary can be found", async () => {
    await expect(startEphemeralServer({ binDirs: ["/nonexistent"] })).rejects.toBeInstanceOf(
      NoServerBinaryError,
    );
  });

  it("the CLI exits 1 with the one-line hint when there is no binary and no DATABASE_URL", async () => {
    const child = runServerCli({
      ...envWithout("DATABASE_URL"),
      SSGBAY_DB_BIN_DIRS: "/nonexistent",
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toBe(`${NO_SERVER_HINT}\n`);
  });

  it("the CLI removes its server and files on Ctrl-C", async () => {
    const child = runServerCli(envWithout("DATABASE_URL"));
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`server CLI exited early with ${code}`)));
    });
    const started = JSON.parse(firstLine) as { url: string; pid: number };
    const connection = await mysql.createConnection(started.url);
    const [rows] = await connection.query<mysql.RowDataPacket[]>("SELECT @@datadir AS dir");
    await connection.end();
    const dataDir = String(rows[0]?.dir);
    expect(existsSync(dataDir)).toBe(true);

    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(isRunning(started.pid)).toBe(false);
    expect(existsSync(dirname(dataDir))).toBe(false);
  });
});
