import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, rmSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import mysql from "mysql2/promise";
import { databaseUrl } from "./env.js";
import { freeLoopbackPort } from "./kit/loopback-port.js";

const execFileAsync = promisify(execFile);

export const NO_SERVER_HINT =
  "No MySQL-compatible server found: install mariadb-server (or MySQL 8) so that mariadbd or mysqld is on PATH, or set DATABASE_URL to an existing server.";

export class NoServerBinaryError extends Error {
  override name = "NoServerBinaryError";
  constructor() {
    super(NO_SERVER_HINT);
  }
}

type Flavor = "mariadb" | "mysql";

interface ServerBinaries {
  flavor: Flavor;
  server: string;
  installDb?: string;
}

export interface EphemeralServerOptions {
  /** Directories searched for the server binaries; defaults to PATH plus the sbin directories. */
  binDirs?: string[];
  /** Remove the server on process exit, SIGINT and SIGTERM (default true). */
  handleSignals?: boolean;
  /** Name of the database created for the application user. */
  database?: string;
  /** More server options, e.g. `--ssl-ca=…` for a TLS test. */
  serverArgs?: string[];
}

export interface EphemeralServer {
  /** mysql:// URL of an application user with every right, on the created database. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly pid: number | undefined;
  /** Stops the server process but keeps its files, to simulate an outage. */
  halt(): Promise<void>;
  /** Starts the server again on the same port and files after halt(). */
  resume(): Promise<void>;
  /** Stops the server and deletes every file it had. Safe to call twice. */
  stop(): Promise<void>;
}

/** Directories searched by default: PATH, then the sbin directories Debian puts servers in. */
export function defaultBinDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.SSGBAY_DB_BIN_DIRS !== undefined) return env.SSGBAY_DB_BIN_DIRS.split(delimiter);
  const path = (env.PATH ?? "").split(delimiter).filter(Boolean);
  return [...path, "/usr/sbin", "/usr/local/sbin"];
}

function findExecutable(dirs: string[], name: string): string | undefined {
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export function findServerBinaries(dirs: string[] = defaultBinDirs()): ServerBinaries {
  const mariadbd = findExecutable(dirs, "mariadbd");
  const installDb = findExecutable(dirs, "mariadb-install-db");
  if (mariadbd && installDb) return { flavor: "mariadb", server: mariadbd, installDb };
  const mysqld = findExecutable(dirs, "mysqld");
  if (mysqld) return { flavor: "mysql", server: mysqld };
  throw new NoServerBinaryError();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a private MySQL-compatible server in a temporary directory on a free 127.0.0.1 port.
 * Used by the test run and by `npm start` when DATABASE_URL is not set.
 */
export async function startEphemeralServer(
  options: EphemeralServerOptions = {},
): Promise<EphemeralServer> {
  const binaries = findServerBinaries(options.binDirs ?? defaultBinDirs());
  const baseDir = await mkdtemp(join(tmpdir(), "ssgbay-db-"));
  const dataDir = join(baseDir, "data");
  const socket = join(baseDir, "mysqld.sock");
  const errorLog = join(baseDir, "error.log");
  const osUser = userInfo().username;
  const databaseName = options.database ?? "ssgbay";
  let child: ChildProcess | undefined;
  let stopped = false;

  const removeFiles = () => rmSync(baseDir, { recursive: true, force: true });
  const killNow = () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  };
  const onExit = () => {
    killNow();
    removeFiles();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    // Let the server shut down and be reaped by us, so no process outlives this one.
    void stopProcess()
      .catch(() => killNow())
      .finally(() => {
        removeFiles();
        process.exit(signal === "SIGINT" ? 130 : 143);
      });
  };
  const stopProcess = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    const forced = setTimeout(() => running.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(forced);
  };
  if (options.handleSignals !== false) {
    process.once("exit", onExit);
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  const forgetHandlers = () => {
    process.removeListener("exit", onExit);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  };

  try {
    await initialiseDataDir(binaries, dataDir, osUser);
    const port = await freeLoopbackPort();
    const serverArgs = [
      "--no-defaults",
      `--datadir=${dataDir}`,
      `--socket=${socket}`,
      `--port=${port}`,
      "--bind-address=127.0.0.1",
      `--pid-file=${join(baseDir, "mysqld.pid")}`,
      `--log-error=${errorLog}`,
      `--user=${osUser}`,
      "--skip-name-resolve",
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_unicode_ci",
      "--max-connections=1000",
      "--innodb-buffer-pool-size=256M",
      // A throwaway server: durability is traded for test speed.
      "--innodb-flush-log-at-trx-commit=0",
      "--sync-binlog=0",
      "--skip-log-bin",
      ...(binaries.flavor === "mysql" ? ["--mysqlx=OFF"] : ["--innodb-doublewrite=0"]),
      ...(options.serverArgs ?? []),
    ];

    const launch = async () => {
      child = spawn(binaries.server, serverArgs, { stdio: "ignore" });
      await waitUntilReady(child, socket, errorLog);
    };
    await launch();

    const password = randomBytes(18).toString("base64url");
    await withRootConnection(socket, async (root) => {
      await root.query(`CREATE DATABASE IF NOT EXISTS \`${databaseName}\``);
      await root.query("CREATE USER 'ssgbay'@'127.0.0.1' IDENTIFIED BY ?", [password]);
      await root.query("GRANT ALL PRIVILEGES ON *.* TO 'ssgbay'@'127.0.0.1' WITH GRANT OPTION");
    });

    const url = databaseUrl({
      host: "127.0.0.1",
      port,
      database: databaseName,
      user: "ssgbay",
      password,
    });

    return {
      url,
      port,
      dataDir,
      get pid() {
        return child?.pid;
      },
      halt: stopProcess,
      resume: launch,
      async stop() {
        if (stopped) return;
        stopped = true;
        await stopProcess();
        removeFiles();
        forgetHandlers();
      },
    };
  } catch (error) {
    killNow();
    removeFiles();
    forgetHandlers();
    throw error;
  }
}

async function initialiseDataDir(
  binaries: ServerBinaries,
  dataDir: string,
  osUser: string,
): Promise<void> {
  if (binaries.flavor === "mariadb" && binaries.installDb) {
    await execFileAsync(binaries.installDb, [
      "--no-defaults",
      `--datadir=${dataDir}`,
      `--user=${osUser}`,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
      "--skip-name-resolve",
    ]);
  } else {
    await execFileAsync(binaries.server, [
      "--no-defaults",
      "--initialize-insecure",
      `--datadir=${dataDir}`,
      `--user=${osUser}`,
    ]);
  }
}

async function withRootConnection<T>(
  socket: string,
  work: (connection: mysql.Connection) => Promise<T>,
): Promise<T> {
  const connection = await mysql.createConnection({ socketPath: socket, user: "root" });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

async function waitUntilReady(child: ChildProcess, socket: string, errorLog: string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`database server exited during start-up: ${await lastLine(errorLog)}`);
    }
    try {
      await withRootConnection(socket, (connection) => connection.query("SELECT 1"));
      return;
    } catch {
      await sleep(100);
    }
  }
  child.kill("SIGKILL");
  throw new Error(`database server did not become ready in 60s: ${await lastLine(errorLog)}`);
}

async function lastLine(file: string): Promise<string> {
  try {
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    return lines.at(-1) ?? "(empty log)";
  } catch {
    return "(no log)";
  }
}
