import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freeLoopbackPort } from "@ssgbay/database/testing";
import { afterAll, describe, expect, it, vi } from "vitest";

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** Every live descendant of a process, from /proc (Linux). */
async function descendants(pid: number): Promise<number[]> {
  const parentOf = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] !== "Z") parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const [child, parent] of parentOf) {
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** The command line of a live (not zombie) process, or undefined once it is gone. */
async function liveCommand(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return undefined;
    return (await readFile(`/proc/${pid}/cmdline`, "utf8")).replaceAll("\0", " ").trim();
  } catch {
    return undefined;
  }
}

/** The run's temporary directories, in a TMPDIR of its own: other runs on the machine make theirs. */
async function ourTempDirs(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /^ssgbay-(db|uploads)-/.test(name));
}

describe("npm start", () => {
  let start: ChildProcess | undefined;
  let webDist: string | undefined;
  let ownTmp: string | undefined;
  afterAll(async () => {
    // A failed run may leave the database server and the API behind: end its whole group.
    if (start?.exitCode === null && start.pid !== undefined) process.kill(-start.pid, "SIGKILL");
    if (webDist) await rm(webDist, { recursive: true, force: true });
    if (ownTmp) await rm(ownTmp, { recursive: true, force: true });
  });

  it("runs database, API, web and settler, and Ctrl-C leaves no process or temp directory", async () => {
    webDist = await mkdtemp(join(tmpdir(), "start-test-web-"));
    await writeFile(join(webDist, "index.html"), "<!doctype html><title>SSGBay test shell</title>");
    const port = await freeLoopbackPort();
    const tmp = await mkdtemp(join(tmpdir(), "start-test-tmp-"));
    ownTmp = tmp;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TMPDIR: tmp,
      PORT: String(port),
      WEB_DIST: webDist,
      LOG_FORMAT: "pretty",
    };
    delete env.DATABASE_URL;
    delete env.UPLOAD_DIR;

    start = spawn(
      process.execPath,
      ["--conditions=ssgbay-source", "--import", "tsx", join(root, "scripts/start.ts")],
      // its own process group, so that a failure can end everything it started
      { cwd: root, env, stdio: ["ignore", "pipe", "inherit"], detached: true },
    );
    const running = start;
    const output: string[] = [];
    const ready = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: running.stdout as NodeJS.ReadableStream });
      lines.on("line", (line) => {
        output.push(line);
        if (line.includes("SSGBay is running at")) resolve(line);
      });
      running.once("exit", (code) => reject(new Error(`npm start exited early (${code})`)));
    });
    const url = `http://127.0.0.1:${port}`;
    expect(ready).toContain(url);

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const page = await fetch(`${url}/some/client/route`);
    expect(await page.text()).toContain("SSGBay test shell");
    const listing = (await (await fetch(`${url}/api/items?status=all`)).json()) as {
      total: number;
      items: { imageUrl: string }[];
    };
    expect(listing.total).toBe(30);
    const firstImage = listing.items[0]?.imageUrl ?? "";
    const image = await fetch(`${url}${firstImage}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");

    const processes = await descendants(running.pid ?? 0);
    expect(processes.length).toBeGreaterThanOrEqual(3); // database server, API, settler
    const created = await ourTempDirs(tmp);
    expect(created.length).toBe(2); // database files and uploads

    // LOG_FORMAT=pretty: one short line per request, not pino's JSON. The API writes its log
    // in batches, at the latest a second after a line.
    const requestLine = await vi.waitFor(
      () => {
        const line = output.find((candidate) =>
          candidate.includes("GET /api/items?status=all 200"),
        );
        if (line === undefined) throw new Error("no request line yet");
        return line;
      },
      { timeout: 5_000, interval: 100 },
    );
    expect(requestLine).toMatch(
      /^\[\d{2}:\d{2}:\d{2}\] INFO.*: GET \/api\/items\?status=all 200 \d+ms$/,
    );
    expect(output.filter((line) => line.startsWith("{"))).toEqual([]);

    const exited = new Promise<number | null>((resolve) => running.once("exit", resolve));
    running.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output.at(-1)).toBe("[start] stopped");
    const survivors = (await Promise.all(processes.map(liveCommand))).filter(Boolean);
    expect(survivors).toEqual([]);
    expect(await ourTempDirs(tmp)).toEqual([]);
  });
});

describe("npm start on a taken port", () => {
  it("exits at once with one line naming the port and the PORT= fix, building nothing", async () => {
    const port = await freeLoopbackPort();
    const other = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => other.listen(port, "127.0.0.1", resolve));
    const webDist = await mkdtemp(join(tmpdir(), "start-test-taken-"));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
      delete env.WEB_DIST; // unset: a real run would build the web app first
      delete env.DATABASE_URL;
      const child = spawn(
        process.execPath,
        ["--conditions=ssgbay-source", "--import", "tsx", join(root, "scripts/start.ts")],
        { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")).toEqual([
        `[start] port ${port} on 127.0.0.1 is already in use (another SSGBay?): stop it, or run PORT=${port + 1} npm start`,
      ]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
      await rm(webDist, { recursive: true, force: true });
    }
  });
});
