import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { AppName } from "@ssgbay/infra/components/images";
import { imageStage } from "@ssgbay/infra/testing/dockerfile";
import { scratchDirectory } from "@ssgbay/infra/testing/scratch";
import { REPOSITORY_ROOT } from "@ssgbay/infra/testing/stack-files";

/**
 * An image's file layout, read from its Dockerfile stage: each image path the COPY lines
 * create, mapped to where those bytes come from in this repository (the build stages' WORKDIR
 * /app is the repository root). `builtElsewhere` maps a build output (e.g. `app-web/dist`) to
 * the directory a test built it into.
 */
export function imageLayout(
  app: AppName,
  builtElsewhere: Record<string, string> = {},
): { paths: Map<string, string>; envsubstFilter: RegExp } {
  const finalStage = imageStage(app);
  const paths = new Map<string, string>();
  for (const line of finalStage.split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] !== "COPY") continue;
    const args = parts.slice(1).filter((part) => !part.startsWith("--"));
    const fromBuild = parts.some((part) => part.startsWith("--from="));
    const [source, destination] = args;
    if (!source || !destination || args.length !== 2) continue;
    const relative = fromBuild ? source.replace(/^\/app\//, "") : source;
    paths.set(destination, builtElsewhere[relative] ?? path.join(REPOSITORY_ROOT, relative));
  }
  const filter = /NGINX_ENVSUBST_FILTER=(\S+)/.exec(finalStage)?.[1];
  return { paths, envsubstFilter: new RegExp(filter ?? ".*") };
}

/** Where the image's entrypoint reads templates unless NGINX_ENVSUBST_TEMPLATE_DIR says otherwise. */
const DEFAULT_TEMPLATE_DIR = "/etc/nginx/templates";

export interface HostNginxOptions {
  /** Loopback ports for the image's plain (8080) and TLS (8443) listeners. */
  ports: { http: number; https?: number };
  /** Image path → host path for what the pod mounts (e.g. the TLS Secret's directory). */
  mounts?: Record<string, string>;
}

/**
 * An nginx configuration that serves the web image's files from this repository on loopback
 * ports: the templates of the directory the entrypoint would read (NGINX_ENVSUBST_TEMPLATE_DIR)
 * rendered the way it does (envsubst of the filtered variables), image paths mapped to their
 * sources, and each `listen` moved to 127.0.0.1.
 */
export function hostNginxConfig(
  app: AppName,
  env: Record<string, string>,
  options: HostNginxOptions,
  builtElsewhere: Record<string, string> = {},
): { prefix: string; configFile: string } {
  const { paths, envsubstFilter } = imageLayout(app, builtElsewhere);
  for (const [imagePath, hostPath] of Object.entries(options.mounts ?? {}))
    paths.set(imagePath, hostPath);
  const templateDir = `${env.NGINX_ENVSUBST_TEMPLATE_DIR ?? DEFAULT_TEMPLATE_DIR}/`;
  const prefix = scratchDirectory("nginx");
  const confDir = path.join(prefix, "conf.d");
  mkdirSync(confDir);
  for (const [destination, source] of paths) {
    if (!destination.startsWith(templateDir) || !destination.endsWith(".template")) continue;
    let rendered = readFileSync(source, "utf8").replace(/\$\{(\w+)\}/g, (whole, name: string) =>
      envsubstFilter.test(name) && env[name] !== undefined ? (env[name] ?? whole) : whole,
    );
    for (const [imagePath, hostPath] of paths) rendered = rendered.replaceAll(imagePath, hostPath);
    // what the servers include from the entrypoint's output (conf.d/site.inc)
    rendered = rendered
      .replaceAll("/etc/nginx/conf.d/", `${confDir}/`)
      .replace(/^\s*listen\s+\[::\]:\d+;\s*$/gm, "")
      .replace(/^(\s*)listen\s+8080;/gm, `$1listen 127.0.0.1:${options.ports.http};`)
      .replace(/^(\s*)listen\s+8443\b/gm, (_whole, indent: string) => {
        if (options.ports.https === undefined) throw new Error(`${destination} listens on 8443`);
        return `${indent}listen 127.0.0.1:${options.ports.https}`;
      });
    const name = path.basename(destination).replace(/\.template$/, "");
    writeFileSync(path.join(confDir, name), rendered);
  }
  const temp = (name: string) => path.join(prefix, name);
  const configFile = path.join(prefix, "nginx.conf");
  writeFileSync(
    configFile,
    `worker_processes 1;
pid ${temp("nginx.pid")};
error_log stderr warn;
daemon off;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${temp("client_temp")};
  proxy_temp_path ${temp("proxy_temp")};
  fastcgi_temp_path ${temp("fastcgi_temp")};
  uwsgi_temp_path ${temp("uwsgi_temp")};
  scgi_temp_path ${temp("scgi_temp")};
  include ${confDir}/*.conf;
}
`,
  );
  return { prefix, configFile };
}
