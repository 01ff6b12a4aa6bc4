import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { access, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { waitUntil } from "@ssgbay/database/testing";

/**
 * A BuildKit daemon on the host (built from the Go module proxy), listening on a unix socket in
 * the state directory. @pulumi/docker-build cannot use Docker 20.10's built-in BuildKit (buildx's
 * `docker` driver) and would otherwise pull moby/buildkit from Docker Hub; this one it reaches as
 * a `remote` buildx builder. On the host it shares the network of the node's registry (127.0.0.1).
 */
export class BuildKitDaemon {
  private constructor(
    private readonly process: ChildProcess,
    readonly socket: string,
    readonly logFile: string,
  ) {}

  static async start(binary: string, stateDirectory: string): Promise<BuildKitDaemon> {
    const directory = path.join(stateDirectory, "buildkit");
    await mkdir(directory, { recursive: true });
    const socket = path.join(directory, "buildkitd.sock");
    const logFile = path.join(directory, "buildkitd.log");
    const log = createWriteStream(logFile);
    const child = spawn(
      binary,
      [
        `--addr=unix://${socket}`,
        `--root=${path.join(directory, "root")}`,
        "--oci-worker=true",
        "--containerd-worker=false",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const daemon = new BuildKitDaemon(child, socket, logFile);
    try {
      await waitUntil(async () => {
        if (child.exitCode !== null) throw new Error(`buildkitd exited: ${await daemon.logs()}`);
        return access(socket).then(
          () => true,
          () => false,
        );
      }, 100);
    } catch (error) {
      await daemon.stop();
      throw error;
    }
    return daemon;
  }

  logs(): Promise<string> {
    return readFile(this.logFile, "utf8").catch(() => "");
  }

  /**
   * Registers this daemon as the buildx builder `name` (driver `remote`) in a Docker config's
   * buildx store: the file `docker buildx create --driver remote` writes.
   */
  async registerBuilder(dockerConfig: string, name: string): Promise<void> {
    const instances = path.join(dockerConfig, "buildx", "instances");
    await mkdir(instances, { recursive: true });
    const nodeGroup = {
      Name: name,
      Driver: "remote",
      Nodes: [
        {
          Name: `${name}0`,
          Endpoint: `unix://${this.socket}`,
          Platforms: null,
          DriverOpts: {},
          Flags: null,
          Files: null,
        },
      ],
      Dynamic: false,
    };
    await writeFile(path.join(instances, name), JSON.stringify(nodeGroup));
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    this.process.kill("SIGTERM");
    await exited;
  }
}
