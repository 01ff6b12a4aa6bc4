import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { APPS, IMAGE_BUILDS } from "../components/images.js";
import { dockerfileStages, imageStage } from "./support/dockerfile.js";
import { REPOSITORY_ROOT } from "./support/stack-files.js";

const dockerfiles = [...new Set(APPS.map((app) => IMAGE_BUILDS[app].dockerfile))];
/** How a stage names a base image given as a build arg: `FROM ${NODE_IMAGE}`. */
const buildArg = (name: string) => `\${${name}}`;

describe("the Dockerfile the program builds the images from", () => {
  it("has a stage for every app image", () => {
    for (const app of APPS) expect(() => imageStage(app), app).not.toThrow();
  });

  it("starts every stage from a base-image build arg or an earlier stage", async () => {
    for (const dockerfile of dockerfiles) {
      const text = await readFile(path.join(REPOSITORY_ROOT, dockerfile), "utf8");
      // Official images by default; another registry's copy with --build-arg.
      expect(text).toMatch(/^ARG NODE_IMAGE=node:\d+\.\d+\.\d+-alpine[\d.]+$/m);
      expect(text).toMatch(/^ARG NGINX_IMAGE=nginxinc\/nginx-unprivileged:[\d.]+-alpine[\d.]+$/m);
      // The backup job's tools are Debian packages (the ones its test runs on the host).
      expect(text).toMatch(/^ARG BACKUP_IMAGE=debian:[a-z]+-slim$/m);
      const earlier = new Set<string>();
      for (const [name, stage] of dockerfileStages(dockerfile)) {
        const base = /^FROM\s+(\S+)/.exec(stage)?.[1] ?? "";
        expect(
          [buildArg("NODE_IMAGE"), buildArg("NGINX_IMAGE"), buildArg("BACKUP_IMAGE"), ...earlier],
          `${name} FROM ${base}`,
        ).toContain(base);
        earlier.add(name);
      }
    }
  });

  it("has no syntax directive, which BuildKit resolves by pulling a frontend image", async () => {
    for (const dockerfile of dockerfiles) {
      const text = await readFile(path.join(REPOSITORY_ROOT, dockerfile), "utf8");
      expect(text, dockerfile).not.toMatch(/^#\s*syntax\s*=/im);
    }
  });

  it("copies every workspace's manifest before npm ci, which checks the lockfile against all", async () => {
    const { workspaces } = z
      .object({ workspaces: z.array(z.string()) })
      .parse(JSON.parse(await readFile(path.join(REPOSITORY_ROOT, "package.json"), "utf8")));
    for (const dockerfile of dockerfiles) {
      const manifests = dockerfileStages(dockerfile).get("manifests") ?? "";
      for (const workspace of workspaces) {
        expect(manifests, `${dockerfile}: ${workspace}`).toContain(
          `COPY ${workspace}/package.json ${workspace}/\n`,
        );
      }
      expect(manifests).toContain("COPY package.json package-lock.json ./\n");
    }
  });
});
