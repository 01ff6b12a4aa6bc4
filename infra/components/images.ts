import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as dockerBuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  digestRefSchema,
  type ImagesConfig,
  type StackConfig,
  StackConfigError,
} from "../config/index.js";
import { keyName } from "../config/problems.js";
import { resolveImageTag } from "./image-tag.js";

/** The images built from this repository: the three apps and the backup job's tools. */
export const APPS = ["api", "web", "settler", "backup"] as const;
export type AppName = (typeof APPS)[number];
export type ImageRefs = Record<AppName, pulumi.Output<string>>;

/** Which Dockerfile (from the repository root, also the build context) and target builds each image. */
export const IMAGE_BUILDS = {
  api: { dockerfile: "Dockerfile", target: "api" },
  web: { dockerfile: "Dockerfile", target: "web" },
  settler: { dockerfile: "Dockerfile", target: "settler" },
  backup: { dockerfile: "Dockerfile", target: "backup" },
} as const satisfies Record<AppName, { dockerfile: string; target: string }>;

/** The shape a previous stack exports as `images`, checked before anything uses it. */
export const imageRefsSchema = z.object({
  api: digestRefSchema,
  web: digestRefSchema,
  settler: digestRefSchema,
  backup: digestRefSchema,
});

export type PlainImageRefs = z.infer<typeof imageRefsSchema>;

/** Checks another stack's `images` output; throws naming the key, the stack and each bad field. */
export function parseImageRefs(stack: string, value: unknown): PlainImageRefs {
  const parsed = imageRefsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new StackConfigError([
    `${keyName(["images", "stack"])}: stack ${stack} output "images" must be {${APPS.join(", ")}} digest refs: ${problems.join("; ")}`,
  ]);
}

/**
 * The digests the stack named by images.stack exported, read before any resource is declared so
 * that a stack without one of them (an older stack without `backup`) fails preview with the key.
 */
export async function promotedImageRefs(stack: string): Promise<PlainImageRefs> {
  const reference = new pulumi.StackReference(`images-from-${stack.replaceAll("/", "-")}`, {
    name: stack,
  });
  const { value, secretValue } = await reference.getOutputDetails("images");
  return parseImageRefs(stack, value ?? secretValue);
}

/** Where an image's BuildKit layer cache lives in the registry (one cache image per app). */
export const buildCacheRef = (repository: string, app: AppName) =>
  `${repository}/${app}:buildcache`;

/**
 * The ARGs BuildKit accepts without a declaration in the Dockerfile (its predefined proxy ARGs,
 * https://docs.docker.com/reference/dockerfile/#predefined-args).
 */
const PREDEFINED_BUILD_ARGS = new Set(
  ["HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY"].flatMap((name) => [
    name,
    name.toLowerCase(),
  ]),
);

/** The names of a Dockerfile's `ARG` instructions (one or several per line, with or without a default). */
export function declaredBuildArgs(dockerfile: string): Set<string> {
  const names = new Set<string>();
  for (const line of dockerfile.split("\n")) {
    const instruction = /^\s*ARG\s+(.*)$/i.exec(line);
    for (const word of instruction?.[1]?.split(/\s+/) ?? []) {
      const name = /^([A-Za-z_][A-Za-z0-9_]*)(?:=|$)/.exec(word)?.[1];
      if (name) names.add(name);
    }
  }
  return names;
}

/**
 * Refuses a build arg that no build would read: BuildKit ignores an undeclared ARG with only a
 * warning, so a misspelt NODE_IMAGE would silently build from the default (Docker Hub) base.
 */
export function checkBuildArgs(
  buildArgs: Readonly<Record<string, string>>,
  dockerfiles: readonly string[],
): void {
  const declared = new Set(
    dockerfiles.flatMap((file) => [...declaredBuildArgs(readFileSync(file, "utf8"))]),
  );
  const problems = Object.entries(buildArgs).flatMap(([name, value]) => {
    if (!declared.has(name) && !PREDEFINED_BUILD_ARGS.has(name)) {
      return [
        `AppImages buildArgs.${name}: no ARG ${name} in ${dockerfiles.join(", ")} (declared: ${[...declared].join(", ") || "none"})`,
      ];
    }
    return value === "" ? [`AppImages buildArgs.${name}: must not be empty`] : [];
  });
  if (problems.length > 0) throw new Error(problems.join("\n"));
}

export interface AppImagesArgs {
  images: ImagesConfig;
  registry: StackConfig["registry"];
  registryPassword: pulumi.Output<string> | undefined;
  /** The Docker build context: the repository root (see the root .dockerignore). */
  repositoryRoot: string;
  /** SSGBAY_IMAGE_TAG from the environment (CI's commit), used when images.tag is unset. */
  tagFromEnvironment: string | undefined;
  /** images.source stackReference: what `promotedImageRefs` read from that stack. */
  promoted: PlainImageRefs | undefined;
  /**
   * Build args given to every build (source build only), e.g. NODE_IMAGE/NGINX_IMAGE/BACKUP_IMAGE
   * for bases in a reachable registry; unset, the Dockerfile's defaults (the official bases).
   */
  buildArgs?: Readonly<Record<string, string>>;
}

/**
 * The app images, referenced by digest: built and pushed here (tagged with the commit they are
 * built from), taken from the stack that tested them (promotion), or given as refs (air-gapped
 * clusters).
 */
export class AppImages extends pulumi.ComponentResource {
  readonly refs: ImageRefs;
  /** The tag the images are pushed under (source build only). */
  readonly tag: string | undefined;

  constructor(name: string, args: AppImagesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:AppImages", name, {}, opts);
    const images = args.images;
    if (images.source === "build") {
      const { tag, warning } = resolveImageTag({
        configured: images.tag,
        environment: args.tagFromEnvironment,
        repositoryRoot: args.repositoryRoot,
        dryRun: pulumi.runtime.isDryRun(),
      });
      if (warning) void pulumi.log.warn(warning, this);
      this.tag = tag;
      this.refs = this.build(args, images, tag);
    } else {
      const refs = images.source === "refs" ? images : args.promoted;
      if (!refs) throw new Error("images.source stackReference needs the promoted refs");
      this.refs = {
        api: pulumi.output(refs.api),
        web: pulumi.output(refs.web),
        settler: pulumi.output(refs.settler),
        backup: pulumi.output(refs.backup),
      };
    }
    this.registerOutputs({ refs: this.refs });
  }

  private build(
    args: AppImagesArgs,
    images: Extract<ImagesConfig, { source: "build" }>,
    tag: string,
  ): ImageRefs {
    const { registry, registryPassword } = args;
    if (!registry || !registryPassword) {
      throw new Error("images.source build needs registry and registryPassword");
    }
    const dockerfile = (app: AppName) =>
      path.join(args.repositoryRoot, IMAGE_BUILDS[app].dockerfile);
    if (args.buildArgs) checkBuildArgs(args.buildArgs, [...new Set(APPS.map(dockerfile))]);
    const buildOne = (app: AppName) => {
      const repository = `${images.repository}/${app}`;
      const cache = buildCacheRef(images.repository, app);
      const image = new dockerBuild.Image(
        app,
        {
          tags: [`${repository}:${tag}`],
          context: { location: args.repositoryRoot },
          dockerfile: { location: dockerfile(app) },
          target: IMAGE_BUILDS[app].target,
          buildArgs: args.buildArgs,
          platforms: [images.platform],
          push: true,
          // BuildKit's registry cache: every layer (mode max) under the repository, so a build on
          // another runner or after a prune starts from the previous build's layers.
          cacheFrom: images.cache ? [{ registry: { ref: cache } }] : [],
          cacheTo: images.cache
            ? [{ registry: { ref: cache, mode: "max", imageManifest: true, ociMediaTypes: true } }]
            : [],
          registries: [
            { address: registry.server, username: registry.username, password: registryPassword },
          ],
          buildOnPreview: false,
        },
        { parent: this },
      );
      // By digest, without the tag: what runs is exactly what was pushed, whatever moves the tag.
      return pulumi.interpolate`${repository}@${image.digest}`;
    };
    return {
      api: buildOne("api"),
      web: buildOne("web"),
      settler: buildOne("settler"),
      backup: buildOne("backup"),
    };
  }
}
