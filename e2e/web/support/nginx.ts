import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freeLoopbackPort } from "@ssgbay/database/testing";
import { NGINX_TLS } from "@ssgbay/infra/components/web";
import { scratchDirectory } from "@ssgbay/infra/testing/scratch";
import { hostNginxConfig } from "../../containers/support/nginx-image.js";

/** The web image's nginx configuration in app-web. */
export const nginxDir = join(import.meta.dirname, "../../../app-web/nginx");

export interface RunningNginx {
  /** http://127.0.0.1:<port>: the image's plain-HTTP listener (8080 in the pod). */
  baseUrl: string;
  /** https://127.0.0.1:<port>: the TLS listener (8443 in the pod), when started with `tls`. */
  httpsUrl: string | undefined;
  /** Swaps the served certificate's files the way the kubelet updates a mounted Secret. */
  replaceCertificate(pair: { certificate: string; key: string }): void;
  stop(): Promise<void>;
}

export interface NginxOptions {
  /** Serve HTTPS the way a pod with ssgbay:tls on does: these PEM texts as the mounted Secret. */
  tls?: { certificate: string; key: string };
}

/**
 * Debian's nginx running the web image's config (its Dockerfile layout, rendered as the image's
 * entrypoint does) in front of `apiUpstream`, serving `webRoot`, on loopback ports.
 */
export async function startNginx(
  webRoot: string,
  apiUpstream: string,
  options: NginxOptions = {},
): Promise<RunningNginx> {
  const nginx = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
  // a copy in a world-readable directory: the workers run as an unprivileged user under root
  const root = scratchDirectory("html");
  cpSync(webRoot, root, { recursive: true });
  const ports = {
    http: await freeLoopbackPort(),
    https: options.tls ? await freeLoopbackPort() : undefined,
  };
  const mounts: Record<string, string> = {};
  const env: Record<string, string> = { API_UPSTREAM: apiUpstream };
  const tlsDir = options.tls ? scratchDirectory("tls") : undefined;
  const writeCertificate = (pair: { certificate: string; key: string }) => {
    if (!tlsDir) throw new Error("nginx was started without TLS");
    // each file replaced at once (rename), as the kubelet's symlink swap does
    for (const [name, text] of [
      ["tls.crt", pair.certificate],
      ["tls.key", pair.key],
    ] as const) {
      writeFileSync(join(tlsDir, `.${name}`), text);
      renameSync(join(tlsDir, `.${name}`), join(tlsDir, name));
    }
  };
  if (options.tls && tlsDir) {
    writeCertificate(options.tls);
    mounts[NGINX_TLS.certificateDir] = tlsDir;
    env.NGINX_ENVSUBST_TEMPLATE_DIR = NGINX_TLS.templateDir;
  }
  const { prefix, configFile } = hostNginxConfig(
    "web",
    env,
    { ports, mounts },
    { "app-web/dist": root },
  );
  const child: ChildProcess = spawn(nginx, ["-e", "stderr", "-p", prefix, "-c", configFile], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  const baseUrl = `http://127.0.0.1:${ports.http}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`nginx exited: ${stderr}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 15_000) throw new Error(`nginx did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    httpsUrl: ports.https === undefined ? undefined : `https://127.0.0.1:${ports.https}`,
    replaceCertificate: writeCertificate,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGQUIT");
      await exited;
    },
  };
}
