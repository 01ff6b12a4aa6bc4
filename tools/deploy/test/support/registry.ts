import { z } from "zod";
import type { NodeEnv } from "./node.js";

/** An image manifest, or an index of them (BuildKit may add attestation manifests). */
const manifestSchema = z.object({
  manifests: z
    .array(
      z.object({
        digest: z.string(),
        platform: z.object({ os: z.string(), architecture: z.string() }).optional(),
      }),
    )
    .optional(),
  config: z.object({ digest: z.string() }).optional(),
});
export const imageConfigSchema = z.object({
  os: z.string(),
  architecture: z.string(),
  config: z.object({
    Labels: z.record(z.string(), z.string()).optional(),
    User: z.string().optional(),
    Env: z.array(z.string()).optional(),
    Cmd: z.array(z.string()).optional(),
  }),
});
export type ImageConfig = z.infer<typeof imageConfigSchema>;
/** What a registry may store for one pushed image: a single manifest or an index of them. */
const manifestTypes = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
];

/** The node's registry through its HTTP API on loopback, with the node's htpasswd credentials. */
export class RegistryClient {
  constructor(private readonly env: NodeEnv) {}

  get(path: string): Promise<Response> {
    const { REGISTRY, REGISTRY_USERNAME, REGISTRY_PASSWORD } = this.env;
    return fetch(`http://${REGISTRY}/v2/${path}`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${REGISTRY_USERNAME}:${REGISTRY_PASSWORD}`).toString("base64")}`,
        accept: manifestTypes.join(", "),
      },
    });
  }

  /** The image config a manifest (or an index's linux/amd64 entry) points to. */
  async imageConfig(repository: string, manifest: unknown): Promise<ImageConfig> {
    const parsed = manifestSchema.parse(manifest);
    if (parsed.manifests) {
      const entry = parsed.manifests.find(
        (candidate) =>
          candidate.platform?.os === "linux" && candidate.platform.architecture === "amd64",
      );
      if (!entry) throw new Error(`no linux/amd64 manifest in ${JSON.stringify(manifest)}`);
      const response = await this.get(`${repository}/manifests/${entry.digest}`);
      return this.imageConfig(repository, await response.json());
    }
    if (!parsed.config)
      throw new Error(`neither index nor image manifest: ${JSON.stringify(manifest)}`);
    const response = await this.get(`${repository}/blobs/${parsed.config.digest}`);
    return imageConfigSchema.parse(await response.json());
  }

  /** The config of the image a digest ref (`<registry>/<repository>@sha256:…`) names. */
  async imageConfigOf(ref: string): Promise<ImageConfig> {
    const [name, digest] = ref.split("@");
    const repository = (name ?? "").slice(this.env.REGISTRY.length + 1);
    const response = await this.get(`${repository}/manifests/${digest}`);
    if (response.status !== 200) throw new Error(`GET manifest ${ref}: ${response.status}`);
    return this.imageConfig(repository, await response.json());
  }
}
