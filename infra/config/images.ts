// Where the app images come from, and the registry they are pushed to and pulled from.
import { z } from "zod";
import { booleanFlag, digestRefSchema } from "./rules.js";

/** A Docker tag: what `images.tag` and the `SSGBAY_IMAGE_TAG` variable must look like. */
export const dockerTag = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, "must be a Docker tag");

export const imagesSchema = z.discriminatedUnion(
  "source",
  [
    z
      .object({
        source: z.literal("build"),
        repository: z
          .string()
          .regex(
            /^[a-z0-9][a-z0-9._:-]*(\/[a-z0-9._-]+)+$/,
            "must be <registry host>/<path>, e.g. registry.example.com/ssgbay",
          ),
        /** Unset: the commit the images are built from (image-tag.ts); `latest` only when set so. */
        tag: dockerTag.optional(),
        platform: z
          .enum(["linux/amd64", "linux/arm64"], { error: "must be linux/amd64 or linux/arm64" })
          .default("linux/amd64"),
        /**
         * BuildKit's registry cache (`<repository>/<app>:buildcache`). Off for a builder that
         * cannot export cache: Docker's default `docker` driver without the containerd image store.
         */
        cache: booleanFlag.default(true),
      })
      .strict(),
    z
      .object({
        source: z.literal("stackReference"),
        stack: z
          .string()
          .regex(
            /^([\w.-]+\/){0,2}[\w.-]+$/,
            "must be a stack name: <stack>, <project>/<stack> or <org>/<project>/<stack>",
          ),
      })
      .strict(),
    z
      .object({
        source: z.literal("refs"),
        api: digestRefSchema,
        web: digestRefSchema,
        settler: digestRefSchema,
        backup: digestRefSchema,
      })
      .strict(),
  ],
  { error: "must have source build, stackReference or refs" },
);
export type ImagesConfig = z.infer<typeof imagesSchema>;

export const registrySchema = z
  .object({
    server: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, "must be a registry host name, e.g. ghcr.io"),
    username: z.string().min(1, "must not be empty"),
  })
  .strict();
