import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";

/**
 * A long-running program of the toolchain run on the host beside the control plane (the
 * cert-manager controller), its output in a log file. `assertRunning` fails with the log's tail
 * when it has exited, so a test waiting on its work says why instead of timing out.
 */
export class HostProcess {
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    child.on("exit", (code, signal) => {
      this.exit = { code, signal };
    });
  }

  static async start(binary: string, args: readonly string[], logFile: string) {
    const log = createWriteStream(logFile);
    await once(log, "open");
    const child = spawn(binary, args, { stdio: ["ignore", log, log] });
    await once(child, "spawn");
    return new HostProcess(child, logFile);
  }

  async logTail(lines = 30): Promise<string> {
    const text = await readFile(this.logFile, "utf8").catch(() => "");
    return text.trimEnd().split("\n").slice(-lines).join("\n");
  }

  async assertRunning(): Promise<void> {
    if (this.exit) {
      throw new Error(
        `${this.logFile}: exited (code ${this.exit.code}, signal ${this.exit.signal}):\n${await this.logTail()}`,
      );
    }
  }

  /** SIGTERM (a graceful shutdown), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exit) return;
    const exited = once(this.child, "exit");
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
