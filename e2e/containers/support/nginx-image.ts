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

/**
 * An nginx configuration that serves the web image's files from this repository on a loopback
 * port: the template rendered the way the image's entrypoint does (envsubst of the filtered
 * variables), image paths mapped to their sources, and `listen` moved to 127.0.0.1:<port>.
 */
export function hostNginxConfig(
  app: AppName,
  env: Record<string, string>,
  port: number,
  builtElsewhere: Record<string, string> = {},
): { prefix: string; configFile: string } {
  const { paths, envsubstFilter } = imageLayout(app, builtElsewhere);
  const prefix = scratchDirectory("nginx");
  const confDir = path.join(prefix, "conf.d");
  mkdirSync(confDir);
  for (const [destination, source] of paths) {
    if (!destination.startsWith("/etc/nginx/templates/") || !destination.endsWith(".template"))
      continue;
    let rendered = readFileSync(source, "utf8").replace(/\$\{(\w+)\}/g, (whole, name: string) =>
      envsubstFilter.test(name) && env[name] !== undefined ? (env[name] ?? whole) : whole,
    );
    for (const [imagePath, hostPath] of paths) rendered = rendered.replaceAll(imagePath, hostPath);
    rendered = rendered
      .replace(/^\s*listen\s+\[::\]:\d+;\s*$/gm, "")
      .replace(/^(\s*)listen\s+\d+;/gm, `$1listen 127.0.0.1:${port};`);
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
