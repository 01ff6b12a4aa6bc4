import * as path from "node:path";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { digestRefSchema, type ImagesConfig, type StackConfig } from "../config/index.js";

export const APPS = ["api", "web", "settler"] as const;
export type AppName = (typeof APPS)[number];
export type ImageRefs = Record<AppName, pulumi.Output<string>>;

/** Which Dockerfile (from the repository root, also the build context) and target builds each image. */
export const IMAGE_BUILDS = {
  api: { dockerfile: "Dockerfile", target: "api" },
  web: { dockerfile: "Dockerfile", target: "web" },
  settler: { dockerfile: "Dockerfile", target: "settler" },
} as const satisfies Record<AppName, { dockerfile: string; target: string }>;

/** The shape a previous stack exports as `images`, checked before anything uses it. */
export const imageRefsSchema = z.object({
  api: digestRefSchema,
  web: digestRefSchema,
  settler: digestRefSchema,
});

/** Checks another stack's `images` output; throws naming the stack and each bad field. */
export function parseImageRefs(stack: string, value: unknown): z.infer<typeof imageRefsSchema> {
  const parsed = imageRefsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  throw new Error(
    `stack ${stack} output "images" must be {api, web, settler} digest refs: ${problems.join("; ")}`,
  );
}

export interface AppImagesArgs {
  images: ImagesConfig;
  registry: StackConfig["registry"];
  registryPassword: pulumi.Output<string> | undefined;
  /** The Docker build context: the repository root (see the root .dockerignore). */
  repositoryRoot: string;
}

/**
 * The three app images, referenced by digest: built and pushed here, taken from the stack that
 * tested them (promotion), or given as refs (air-gapped clusters).
 */
export class AppImages extends pulumi.ComponentResource {
  readonly refs: ImageRefs;

  constructor(name: string, args: AppImagesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:AppImages", name, {}, opts);
    this.refs = this.resolve(name, args);
    this.registerOutputs({ refs: this.refs });
  }

  private resolve(name: string, args: AppImagesArgs): ImageRefs {
    const images = args.images;
    switch (images.source) {
      case "build":
        return this.build(args, images);
      case "stackReference":
        return this.fromStack(name, images.stack);
      case "refs":
        return {
          api: pulumi.output(images.api),
          web: pulumi.output(images.web),
          settler: pulumi.output(images.settler),
        };
    }
  }

  private build(
    args: AppImagesArgs,
    images: Extract<ImagesConfig, { source: "build" }>,
  ): ImageRefs {
    const { registry, registryPassword } = args;
    if (!registry || !registryPassword) {
      throw new Error("images.source build needs registry and registryPassword");
    }
    const buildOne = (app: AppName) =>
      new docker.Image(
        app,
        {
          imageName: `${images.repository}/${app}:${images.tag}`,
          build: {
            context: args.repositoryRoot,
            dockerfile: path.join(args.repositoryRoot, IMAGE_BUILDS[app].dockerfile),
            target: IMAGE_BUILDS[app].target,
            platform: images.platform,
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
    return { api: buildOne("api"), web: buildOne("web"), settler: buildOne("settler") };
  }

  private fromStack(name: string, stack: string): ImageRefs {
    const reference = new pulumi.StackReference(
      `${name}-from-${stack.replaceAll("/", "-")}`,
      { name: stack },
      { parent: this },
    );
    const refs = reference
      .requireOutput("images")
      .apply((value: unknown) => parseImageRefs(stack, value));
    return { api: refs.api, web: refs.web, settler: refs.settler };
  }
}
