import { type ChildProcess, execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { z } from "zod";
import type { AppName } from "../../components/images.js";
import type { Container } from "../../policy/workloads.js";
import { imageStage } from "./dockerfile.js";
import type { KubeObject } from "./kube-objects.js";
import { scratchDirectory } from "./scratch.js";
import { REPOSITORY_ROOT } from "./stack-files.js";

export const execFileAsync = promisify(execFile);

/** The command an app's image runs by default, read from its Dockerfile stage's exec-form CMD. */
export function dockerfileCommand(app: AppName): string[] {
  const lines = imageStage(app)
    .split("\n")
    .filter((line) => /^CMD\s+\[/.test(line));
  const last = lines.at(-1);
  if (!last) throw new Error(`the ${app} image has no exec-form CMD`);
  return z
    .array(z.string())
    .min(1)
    .parse(JSON.parse(last.replace(/^CMD\s+/, "")));
}

function dataOf(object: KubeObject): Record<string, string> {
  const data = (object.manifest.data ?? object.manifest.stringData ?? {}) as Record<
    string,
    unknown
  >;
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, String(value)]));
}

/**
 * The environment Kubernetes would give a container: envFrom ConfigMaps/Secrets, then `env`
 * entries (plain values and secretKeyRef/configMapKeyRef), resolved against the registered objects.
 */
export function containerEnvironment(
  container: Container,
  namespace: string | undefined,
  objects: readonly KubeObject[],
): Record<string, string> {
  const source = (kind: string, name: unknown) => {
    const found = objects.find(
      (object) => object.kind === kind && object.namespace === namespace && object.name === name,
    );
    if (!found) throw new Error(`${kind} ${String(name)} is not created by the program`);
    return dataOf(found);
  };
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const configMap = from.configMapRef as { name: string } | undefined;
    const secret = from.secretRef as { name: string } | undefined;
    if (configMap) Object.assign(env, source("ConfigMap", configMap.name));
    if (secret) Object.assign(env, source("Secret", secret.name));
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      env[variable.name] = String(variable.value);
      continue;
    }
    const from = variable.valueFrom as
      | {
          secretKeyRef?: { name: string; key: string };
          configMapKeyRef?: { name: string; key: string };
        }
      | undefined;
    const ref = from?.secretKeyRef ?? from?.configMapKeyRef;
    if (!ref) continue;
    const value = source(from?.secretKeyRef ? "Secret" : "ConfigMap", ref.name)[ref.key];
    if (value === undefined) throw new Error(`${ref.name} has no key ${ref.key}`);
    env[variable.name] = value;
  }
  return env;
}

/**
 * Host stand-ins for a container's volume mounts: a fresh directory per mount path, and the
 * environment with every value under a mount path moved to its stand-in.
 */
export function mountOnHost(
  container: Container,
  env: Record<string, string>,
): Record<string, string> {
  const moved = { ...env };
  for (const mount of container.volumeMounts ?? []) {
    const { mountPath } = mount;
    if (!mountPath) continue;
    const standIn = scratchDirectory("mount");
    for (const [key, value] of Object.entries(moved)) {
      if (value === mountPath || value.startsWith(`${mountPath}/`)) {
        moved[key] = standIn + value.slice(mountPath.length);
      }
    }
  }
  return moved;
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `command` from the repository root (the images' /app) with exactly `env` (+ PATH). */
export function start(command: string[], env: Record<string, string>): RunningProcess {
  const [executable, ...args] = command;
  if (!executable) throw new Error("empty command");
  const child = spawn(executable === "node" ? process.execPath : executable, args, {
    cwd: REPOSITORY_ROOT,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls an HTTP probe on loopback until it answers 2xx, or fails if the process exits first. */
export async function waitForProbe(
  running: RunningProcess,
  url: string,
  attempts = 120,
): Promise<number> {
  let exitCode: number | null | undefined;
  void running.exited.then((code) => {
    exitCode = code;
  });
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (exitCode !== undefined) {
      throw new Error(`exited with ${exitCode} before ${url} answered:\n${running.output()}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return response.status;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} never answered 2xx:\n${running.output()}`);
}
