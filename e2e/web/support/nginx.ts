import { type ChildProcess, spawn } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freeLoopbackPort } from "@ssgbay/database/testing";

/** The web image's nginx configuration in app-web. */
export const nginxDir = join(import.meta.dirname, "../../../app-web/nginx");

/**
 * Renders the image's template the way its entrypoint does (only ${API_UPSTREAM} is replaced),
 * then moves the image's paths and port into a private directory on loopback.
 */
export function renderSiteConfig(options: {
  apiUpstream: string;
  webRoot: string;
  snippetsDir: string;
  port: number;
}): string {
  return (
    readFileSync(join(nginxDir, "default.conf.template"), "utf8")
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the envsubst placeholder, literally
      .replaceAll("${API_UPSTREAM}", options.apiUpstream)
      .replace(/listen 8080;/, `listen 127.0.0.1:${options.port};`)
      .replaceAll("/etc/nginx/snippets", options.snippetsDir)
      .replaceAll("/usr/share/nginx/html", options.webRoot)
  );
}

export interface RunningNginx {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Debian's nginx running the web image's config in front of `apiUpstream`, serving `webRoot`. */
export async function startNginx(webRoot: string, apiUpstream: string): Promise<RunningNginx> {
  const nginx = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
  const dir = mkdtempSync(join(tmpdir(), "ssgbay-nginx-"));
  const root = join(dir, "html");
  cpSync(webRoot, root, { recursive: true });
  // the worker processes run as an unprivileged user when the test runs as root
  chmodSync(dir, 0o755);
  const snippetsDir = join(dir, "snippets");
  mkdirSync(snippetsDir);
  mkdirSync(join(dir, "logs"));
  cpSync(join(nginxDir, "security-headers.conf"), join(snippetsDir, "security-headers.conf"));
  const port = await freeLoopbackPort();
  writeFileSync(
    join(dir, "site.conf"),
    renderSiteConfig({ apiUpstream, webRoot: root, snippetsDir, port }),
  );
  writeFileSync(
    join(dir, "nginx.conf"),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 128; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`,
  );
  const child: ChildProcess = spawn(
    nginx,
    ["-p", dir, "-e", `${dir}/logs/error.log`, "-c", `${dir}/nginx.conf`, "-g", "daemon off;"],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `nginx exited: ${stderr}${readFileSync(join(dir, "logs/error.log"), "utf8")}`,
      );
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
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGQUIT");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
