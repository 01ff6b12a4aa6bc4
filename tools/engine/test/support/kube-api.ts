import { readFile } from "node:fs/promises";
import https from "node:https";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** The parts of a kubeconfig (as kwokctl writes it) that a client-certificate client needs. */
const kubeconfigSchema = z.object({
  "current-context": z.string(),
  contexts: z.array(
    z.object({ name: z.string(), context: z.object({ cluster: z.string(), user: z.string() }) }),
  ),
  clusters: z.array(
    z.object({
      name: z.string(),
      cluster: z.object({
        server: z.url(),
        "certificate-authority": z.string().optional(),
        "certificate-authority-data": z.string().optional(),
      }),
    }),
  ),
  users: z.array(
    z.object({
      name: z.string(),
      user: z.object({
        "client-certificate": z.string().optional(),
        "client-certificate-data": z.string().optional(),
        "client-key": z.string().optional(),
        "client-key-data": z.string().optional(),
      }),
    }),
  ),
});

export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly requestPath: string,
    body: string,
  ) {
    super(`${method} ${requestPath}: HTTP ${status}: ${body.slice(0, 500)}`);
  }
}

/** A minimal JSON client for the test's API server (loopback only, client-certificate auth). */
export class KubeApi {
  private constructor(
    private readonly server: URL,
    private readonly agent: https.Agent,
  ) {}

  static async fromKubeconfig(kubeconfigPath: string): Promise<KubeApi> {
    const config = kubeconfigSchema.parse(parseYaml(await readFile(kubeconfigPath, "utf8")));
    const context = config.contexts.find(
      (entry) => entry.name === config["current-context"],
    )?.context;
    const cluster = config.clusters.find((entry) => entry.name === context?.cluster)?.cluster;
    const user = config.users.find((entry) => entry.name === context?.user)?.user;
    if (!context || !cluster || !user)
      throw new Error(`${kubeconfigPath}: current context is incomplete`);
    const server = new URL(cluster.server);
    if (server.hostname !== "127.0.0.1") {
      throw new Error(`${kubeconfigPath}: API server ${server.host} is not on 127.0.0.1`);
    }
    const base = path.dirname(kubeconfigPath);
    const material = async (data: string | undefined, file: string | undefined, what: string) => {
      if (data) return Buffer.from(data, "base64");
      if (file) return readFile(path.resolve(base, file));
      throw new Error(`${kubeconfigPath}: no ${what}`);
    };
    const agent = new https.Agent({
      ca: await material(
        cluster["certificate-authority-data"],
        cluster["certificate-authority"],
        "CA",
      ),
      cert: await material(
        user["client-certificate-data"],
        user["client-certificate"],
        "client certificate",
      ),
      key: await material(user["client-key-data"], user["client-key"], "client key"),
      keepAlive: true,
    });
    return new KubeApi(server, agent);
  }

  /** Sends one request; resolves the parsed JSON body, or `undefined` for 404 when allowed. */
  async request(
    method: "GET" | "PATCH" | "POST" | "DELETE",
    requestPath: string,
    body?: { contentType: string; value: unknown },
  ): Promise<unknown> {
    const url = new URL(requestPath, this.server);
    const payload = body ? JSON.stringify(body.value) : undefined;
    return new Promise((resolve, reject) => {
      const request = https.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            accept: "application/json",
            ...(body ? { "content-type": body.contentType } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(text ? JSON.parse(text) : undefined);
            else reject(new KubeApiError(status, method, requestPath, text));
          });
        },
      );
      request.on("error", reject);
      request.end(payload);
    });
  }

  get(requestPath: string): Promise<unknown> {
    return this.request("GET", requestPath);
  }

  /** GET that resolves `undefined` when the object does not exist. */
  async find(requestPath: string): Promise<unknown> {
    try {
      return await this.get(requestPath);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  mergePatch(requestPath: string, value: unknown): Promise<unknown> {
    return this.request("PATCH", requestPath, {
      contentType: "application/merge-patch+json",
      value,
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
