// The off-cluster backup, end to end on this machine: the CronJob's own script and environment
// (from the program), Debian's mysqldump/gzip/age/rclone (the backup image's packages), a real
// S3-compatible server (versitygw, built by tools/backup/build-s3-server.sh) on loopback, and the
// test database. Dump, delete the data, restore from the bucket as infra/README.md says.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { createConnection } from "@ssgbay/database";
import { freeLoopbackPort } from "@ssgbay/database/testing";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Container } from "../policy/workloads.js";
import { REF_IMAGES } from "./support/config-problems.js";
import { find, kubeObjects, podTemplates } from "./support/kube-objects.js";
import { containerEnvironment, start } from "./support/pod-runtime.js";
import { runProgram } from "./support/run-program.js";
import { scratchDirectory } from "./support/scratch.js";
import { REPOSITORY_ROOT, readStackConfig, toPulumiConfig } from "./support/stack-files.js";

const database = useTestDatabase();
const RETENTION = 2;
const ACCESS_KEY = "ssgbay-test-access";
const SECRET_KEY = "ssgbay-test-secret-0123456789";
const BUCKET = "ssgbay-backups";
const PREFIX = "staging/nightly";
const DUMP_NAME = /^ssgbay-\d{8}T\d{6}Z\.sql\.gz(\.age)?$/;

let s3: ChildProcess | undefined;
let endpoint = "";

/** The versitygw binary (built once into a cache dir; instant when warm). */
function s3ServerBinary(): string {
  const script = path.join(REPOSITORY_ROOT, "tools", "backup", "build-s3-server.sh");
  return execFileSync("bash", [script], { encoding: "utf8" }).trim().split("\n").at(-1) ?? "";
}

/** The backup CronJob's container and environment for a stack config, pointed at `endpoint`. */
async function backupJob(offsite: Record<string, unknown>) {
  const run = await runProgram(
    "staging",
    {
      ...readStackConfig("staging"),
      ...toPulumiConfig({
        "ssgbay:images": REF_IMAGES,
        "ssgbay:backup": {
          retention: RETENTION,
          offsite: { endpoint, bucket: BUCKET, prefix: PREFIX, ...offsite },
        },
        "ssgbay:backupAccessKeyId": ACCESS_KEY,
        "ssgbay:backupSecretAccessKey": SECRET_KEY,
      }),
    },
    { secretKeys: ["ssgbay:backupAccessKeyId", "ssgbay:backupSecretAccessKey"] },
  );
  const objects = kubeObjects(run.resources);
  const template = podTemplates([find(objects, "CronJob", "backup")])[0]?.template;
  const container = template?.spec.containers[0] as Container | undefined;
  if (!template || !container) throw new Error("backup CronJob has no container");
  const { config } = database;
  const env: Record<string, string> = {
    ...containerEnvironment(container, template.namespace, objects),
    DB_HOST: config.host,
    DB_PORT: String(config.port),
    DB_NAME: config.database,
    DB_USER: config.user,
    DB_PASSWORD: config.password,
  };
  return { container, env, objects };
}

/** The container's /tmp (its only mount) becomes a fresh host directory, in script and env. */
function onHost(container: Container, env: Record<string, string>) {
  expect(container.volumeMounts?.map((mount) => mount.mountPath)).toEqual(["/tmp"]);
  const tmp = scratchDirectory("tmp");
  const move = (text: string) => text.replaceAll("/tmp/", `${tmp}/`);
  return {
    command: (container.command as string[]).map(move),
    env: Object.fromEntries(Object.entries(env).map(([key, value]) => [key, move(value)])),
  };
}

function rclone(env: Record<string, string>, args: string[], input?: Buffer): Buffer {
  return execFileSync("rclone", args, {
    env: { PATH: process.env.PATH, ...env, RCLONE_CONFIG: "/dev/null" },
    input,
    maxBuffer: 1024 ** 3,
  });
}

const objectsIn = (env: Record<string, string>) =>
  rclone(env, ["lsf", "--files-only", `offsite:${BUCKET}/${PREFIX}/`])
    .toString()
    .split("\n")
    .filter(Boolean)
    .sort();

/** Dump names carry the UTC second; wait for the next one so consecutive runs differ. */
function nextSecond(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  return new Promise((resolve) => {
    const tick = () => (Math.floor(Date.now() / 1000) > now ? resolve() : setTimeout(tick, 20));
    tick();
  });
}

async function runBackup(container: Container, env: Record<string, string>) {
  const host = onHost(container, env);
  const dump = start(host.command, host.env);
  return { code: await dump.exited, output: dump.output() };
}

/** infra/README.md's restore: rclone cat | [age -d] | gunzip | mysql, into the given database. */
function restore(env: Record<string, string>, object: string, into: string, identity?: string) {
  const { config } = database;
  const decrypt = identity ? `age --decrypt --identity '${identity}' |` : "";
  execFileSync(
    "bash",
    [
      "-c",
      `set -euo pipefail; rclone cat "offsite:${BUCKET}/${PREFIX}/${object}" | ${decrypt} gunzip | mysql --host=${config.host} --port=${config.port} --user=${config.user} ${into}`,
    ],
    {
      env: {
        PATH: process.env.PATH,
        ...env,
        RCLONE_CONFIG: "/dev/null",
        MYSQL_PWD: config.password,
      },
      maxBuffer: 1024 ** 3,
    },
  );
}

async function query<T>(sql: string, values: unknown[] = []): Promise<T> {
  const connection = await createConnection(database.config);
  try {
    const [rows] = await connection.query(sql, values);
    return rows as T;
  } finally {
    await connection.end();
  }
}

describe("off-cluster backup to a real S3-compatible server", () => {
  beforeAll(async () => {
    const binary = s3ServerBinary();
    const port = await freeLoopbackPort();
    const root = scratchDirectory("s3");
    s3 = spawn(
      binary,
      [
        "--access",
        ACCESS_KEY,
        "--secret",
        SECRET_KEY,
        "--port",
        `127.0.0.1:${port}`,
        "posix",
        root,
      ],
      { stdio: "ignore" },
    );
    endpoint = `http://127.0.0.1:${port}`;
    const env = (await backupJob({})).env;
    for (let attempt = 0; ; attempt += 1) {
      try {
        // The job never creates the bucket (no_check_bucket); the test makes it once.
        rclone({ ...env, RCLONE_CONFIG_OFFSITE_NO_CHECK_BUCKET: "false" }, [
          "mkdir",
          `offsite:${BUCKET}`,
        ]);
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await query(
      "INSERT INTO users (username, password_hash, nickname, phone) VALUES ('offsite_probe', 'x', 'Probe', '01012345678')",
    );
  }, 600_000);

  afterAll(() => {
    s3?.kill("SIGTERM");
  });

  it("streams gzip dumps to the bucket, keeps the newest `retention`, and a dump restores deleted rows", async () => {
    const { container, env } = await backupJob({});
    expect((container.command as string[]).slice(0, 2)).toEqual(["bash", "-c"]);
    expect(env.RETENTION).toBe(String(RETENTION));
    for (let run = 0; run < RETENTION + 1; run += 1) {
      await nextSecond();
      const { code, output } = await runBackup(container, env);
      expect(code, output).toBe(0);
      expect(output).toMatch(
        /backup offsite:ssgbay-backups\/staging\/nightly\/ssgbay-\d{8}T\d{6}Z\.sql\.gz written/,
      );
    }
    const objects = objectsIn(env);
    expect(objects).toHaveLength(RETENTION);
    for (const object of objects) expect(object).toMatch(DUMP_NAME);
    const newest = objects.at(-1) ?? "";
    const bytes = rclone(env, ["cat", `offsite:${BUCKET}/${PREFIX}/${newest}`]);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);

    await query("DELETE FROM users WHERE username = 'offsite_probe'");
    expect(await query("SELECT 1 FROM users WHERE username = 'offsite_probe'")).toEqual([]);
    restore(env, newest, database.config.database);
    expect(await query("SELECT nickname FROM users WHERE username = 'offsite_probe'")).toEqual([
      { nickname: "Probe" },
    ]);
  }, 180_000);

  it("encrypts to the age recipient: only the private key's holder can restore", async () => {
    const keyDirectory = scratchDirectory("age");
    const identity = path.join(keyDirectory, "key.txt");
    execFileSync("age-keygen", ["-o", identity], { stdio: "pipe" });
    const recipient = /public key: (age1\w+)/.exec(readFileSync(identity, "utf8"))?.[1] ?? "";
    const { container, env } = await backupJob({ ageRecipient: recipient });
    await nextSecond();
    const { code, output } = await runBackup(container, env);
    expect(code, output).toBe(0);
    const encrypted = objectsIn(env).filter((object) => object.endsWith(".age"));
    expect(encrypted).toHaveLength(1);
    const object = encrypted[0] ?? "";
    const bytes = rclone(env, ["cat", `offsite:${BUCKET}/${PREFIX}/${object}`]);
    expect(bytes.subarray(0, 21).toString()).toBe("age-encryption.org/v1");
    expect(bytes.toString("latin1")).not.toContain("offsite_probe");

    const restored = `${database.config.database}_age`;
    await query(`CREATE DATABASE \`${restored}\``);
    try {
      restore(env, object, restored, identity);
      expect(
        await query(`SELECT nickname FROM \`${restored}\`.users WHERE username = 'offsite_probe'`),
      ).toEqual([{ nickname: "Probe" }]);
    } finally {
      await query(`DROP DATABASE IF EXISTS \`${restored}\``);
    }
  }, 180_000);

  it("fails the Job (exit 1) and leaves no object when the dump fails", async () => {
    const { container, env } = await backupJob({});
    const before = objectsIn(env);
    await nextSecond();
    const { code, output } = await runBackup(container, { ...env, DB_PASSWORD: "wrong-password" });
    expect(code).toBe(1);
    expect(output).toMatch(/backup failed: no dump written/);
    const after = rclone(env, ["lsf", "--files-only", `offsite:${BUCKET}/${PREFIX}/`]).toString();
    expect(after.split("\n").filter(Boolean).sort()).toEqual(before);
  }, 120_000);

  it("backs up and restores a 100k-item database (times printed)", async () => {
    const [seller] = await query<{ id: number }[]>(
      "SELECT id FROM users WHERE username = 'offsite_probe'",
    );
    const digits =
      "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
    await query(
      `INSERT INTO items (seller_id, title, description, image_key, start_price, current_price, starts_at, ends_at)
       SELECT ?, CONCAT('item ', n), CONCAT('a fine item number ', n), CONCAT('img-', n), 1000, 1000, NOW(3), NOW(3) + INTERVAL 1 DAY
       FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n
             FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e, ${digits} f) numbers`,
      [seller?.id],
    );
    const count = async () =>
      (await query<{ n: number }[]>("SELECT COUNT(*) AS n FROM items"))[0]?.n;
    expect(await count()).toBe(100_000);

    const { container, env } = await backupJob({});
    await nextSecond();
    const backupStarted = performance.now();
    const { code, output } = await runBackup(container, env);
    const backupSeconds = (performance.now() - backupStarted) / 1000;
    expect(code, output).toBe(0);
    const newest = objectsIn(env).at(-1) ?? "";
    const size = rclone(env, [
      "size",
      "--json",
      `offsite:${BUCKET}/${PREFIX}/${newest}`,
    ]).toString();

    await query("DELETE FROM items");
    expect(await count()).toBe(0);
    const restoreStarted = performance.now();
    restore(env, newest, database.config.database);
    const restoreSeconds = (performance.now() - restoreStarted) / 1000;
    expect(await count()).toBe(100_000);
    console.log(
      `off-cluster backup of 100k items: dump+gzip+upload ${backupSeconds.toFixed(1)} s, restore ${restoreSeconds.toFixed(1)} s, object ${JSON.parse(size).bytes} bytes`,
    );
  }, 600_000);
});
