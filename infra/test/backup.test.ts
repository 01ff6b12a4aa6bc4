import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { createConnection } from "@ssgbay/database";
import { useTestDatabase } from "@ssgbay/database/testing/vitest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Container } from "../policy/workloads.js";
import { find, kubeObjects, podTemplates } from "./support/kube-objects.js";
import { fakeDigestRef } from "./support/mock-cluster.js";
import { containerEnvironment, start } from "./support/pod-runtime.js";
import { restoredNicknames } from "./support/restore.js";
import { runProgram } from "./support/run-program.js";
import { scratchDirectory } from "./support/scratch.js";
import { readStackConfig } from "./support/stack-files.js";

const database = useTestDatabase();
const RETENTION = 2;

let container: Container;
let env: Record<string, string>;

/** The pod's mount paths (/tmp, /backups) become fresh host directories inside the script. */
function onHost(script: string): { script: string; mounts: Record<string, string> } {
  const mounts: Record<string, string> = {};
  let moved = script;
  for (const mount of container.volumeMounts ?? []) {
    const { mountPath } = mount;
    if (!mountPath) continue;
    const standIn = scratchDirectory("mount");
    mounts[mountPath] = standIn;
    moved = moved.replaceAll(mountPath, standIn);
  }
  return { script: moved, mounts };
}

/** Dump names carry the UTC second; wait for the next one so consecutive runs differ. */
function nextSecond(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  return new Promise((resolve) => {
    const tick = () => (Math.floor(Date.now() / 1000) > now ? resolve() : setTimeout(tick, 20));
    tick();
  });
}

describe("backup CronJob: the program's mysqldump command against a real database", () => {
  beforeAll(async () => {
    const run = await runProgram("dev", {
      ...readStackConfig("dev"),
      "ssgbay:images": JSON.stringify({
        source: "refs",
        api: fakeDigestRef("r.local/api"),
        web: fakeDigestRef("r.local/web"),
        settler: fakeDigestRef("r.local/settler"),
        backup: fakeDigestRef("r.local/backup"),
      }),
      "ssgbay:backup": JSON.stringify({ retention: RETENTION }),
    });
    const objects = kubeObjects(run.resources);
    const template = podTemplates([find(objects, "CronJob", "backup")])[0]?.template;
    const first = template?.spec.containers[0];
    if (!template || !first) throw new Error("backup CronJob has no container");
    container = first;
    const { config } = database;
    env = {
      ...containerEnvironment(container, template.namespace, objects),
      DB_HOST: config.host,
      DB_PORT: String(config.port),
      DB_NAME: config.database,
      DB_USER: config.user,
      DB_PASSWORD: config.password,
    };
    const connection = await createConnection(config);
    await connection.query(
      "INSERT INTO users (username, password_hash, nickname, phone) VALUES ('backup_probe', 'x', 'Probe', '01012345678')",
    );
    await connection.end();
  });

  it("writes whole dumps, keeps the newest `retention`, and a dump restores the data", async () => {
    expect(env.RETENTION).toBe(String(RETENTION));
    const command = container.command as string[];
    expect(command.slice(0, 2)).toEqual(["sh", "-c"]);
    const { script, mounts } = onHost(command[2] ?? "");
    const backups = mounts["/backups"];
    if (!backups) throw new Error("the backup container does not mount /backups");

    for (let run = 0; run < RETENTION + 1; run += 1) {
      await nextSecond();
      const dump = start(["sh", "-c", script], env);
      expect(await dump.exited, dump.output()).toBe(0);
      expect(dump.output()).toMatch(/backup .*ssgbay-\d{8}T\d{6}Z\.sql written/);
    }
    const files = readdirSync(backups).sort();
    expect(files).toHaveLength(RETENTION);
    for (const file of files) {
      expect(file).toMatch(/^ssgbay-\d{8}T\d{6}Z\.sql$/);
      expect(readFileSync(path.join(backups, file), "utf8")).toMatch(/-- Dump completed/);
    }

    const newest = path.join(backups, files.at(-1) ?? "");
    expect(
      await restoredNicknames(database.config, "restored", readFileSync(newest), "backup_probe"),
    ).toEqual([{ nickname: "Probe" }]);
  });
});
