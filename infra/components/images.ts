import * as path from "node:path";
import * as docker from "@pulumi/docker";
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

/** This stack's previous `images` output, when it has one: the build cache of the next build. */
const previousRefsSchema = imageRefsSchema.partial();

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
      this.refs = this.build(name, args, images, tag);
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
    name: string,
    args: AppImagesArgs,
    images: Extract<ImagesConfig, { source: "build" }>,
    tag: string,
  ): ImageRefs {
    const { registry, registryPassword } = args;
    if (!registry || !registryPassword) {
      throw new Error("images.source build needs registry and registryPassword");
    }
    const previous = this.previousRefs(name);
    const buildOne = (app: AppName) =>
      new docker.Image(
        app,
        {
          imageName: `${images.repository}/${app}:${tag}`,
          build: {
            context: args.repositoryRoot,
            dockerfile: path.join(args.repositoryRoot, IMAGE_BUILDS[app].dockerfile),
            target: IMAGE_BUILDS[app].target,
            platform: images.platform,
            builderVersion: "BuilderBuildKit",
            // The pushed image carries its layer cache, so the next build can start from it.
            args: { BUILDKIT_INLINE_CACHE: "1" },
            cacheFrom: { images: previous.apply((refs) => (refs[app] ? [refs[app]] : [])) },
          },
          registry: {
            server: registry.server,
            username: registry.username,
            password: registryPassword,
          },
          buildOnPreview: false,
        },
        { parent: this },
      ).repoDigest;
    return {
      api: buildOne("api"),
      web: buildOne("web"),
      settler: buildOne("settler"),
      backup: buildOne("backup"),
    };
  }

  /**
   * The digests this stack ran after its previous update (a StackReference to itself; nothing
   * on the first update, or when that output is not digest refs): the registry cache.
   */
  private previousRefs(name: string): pulumi.Output<Partial<Record<AppName, string>>> {
    const self = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
    const reference = new pulumi.StackReference(`${name}-cache`, { name: self }, { parent: this });
    return reference.getOutput("images").apply((value: unknown) => {
      const parsed = previousRefsSchema.safeParse(value);
      return parsed.success ? parsed.data : {};
    });
  }
}
