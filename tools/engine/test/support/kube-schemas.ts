// Schemas of the Kubernetes objects the real-engine tests read back from the API server (only the
// fields they check), and the helpers to read them.
import { z } from "zod";

export const objectMeta = z.object({
  name: z.string(),
  uid: z.string(),
  generation: z.number().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
export const containerSchema = z.object({
  name: z.string(),
  image: z.string(),
  envFrom: z
    .array(
      z.object({
        configMapRef: z.object({ name: z.string() }).optional(),
        secretRef: z.object({ name: z.string() }).optional(),
      }),
    )
    .optional(),
  env: z
    .array(
      z.object({
        name: z.string(),
        value: z.string().optional(),
        valueFrom: z.object({ secretKeyRef: z.object({ name: z.string() }).optional() }).optional(),
      }),
    )
    .optional(),
});
export const podTemplateSchema = z.object({
  metadata: z.object({ annotations: z.record(z.string(), z.string()).optional() }).optional(),
  spec: z.object({
    initContainers: z.array(containerSchema).default([]),
    containers: z.array(containerSchema),
  }),
});
export const deploymentSchema = z.object({
  metadata: objectMeta,
  spec: z.object({ replicas: z.number(), template: podTemplateSchema }),
  status: z.object({
    readyReplicas: z.number().default(0),
    updatedReplicas: z.number().default(0),
    observedGeneration: z.number().optional(),
  }),
});
export const statefulSetSchema = z.object({
  metadata: objectMeta,
  spec: z.object({ replicas: z.number(), template: podTemplateSchema }),
  status: z.object({ readyReplicas: z.number().default(0) }),
});
export const serviceSchema = z.object({
  metadata: objectMeta,
  spec: z.object({ type: z.string(), loadBalancerIP: z.string().optional() }),
  status: z.object({
    loadBalancer: z
      .object({ ingress: z.array(z.object({ ip: z.string() })).optional() })
      .optional(),
  }),
});
export const cronJobSchema = z.object({
  metadata: objectMeta,
  spec: z.object({
    schedule: z.string(),
    jobTemplate: z.object({ spec: z.object({ template: podTemplateSchema }) }),
  }),
});
export const secretSchema = z.object({
  metadata: objectMeta,
  data: z.record(z.string(), z.string()).default({}),
});
export const configMapSchema = z.object({
  metadata: objectMeta,
  data: z.record(z.string(), z.string()).default({}),
});
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
export const podSchema = z.object({
  metadata: objectMeta.extend({ deletionTimestamp: z.string().optional() }),
  spec: z.object({ nodeName: z.string().optional(), containers: z.array(containerSchema) }),
  status: z.object({ phase: z.string().optional() }),
});
export const claimSchema = z.object({
  metadata: objectMeta,
  spec: z.object({ volumeName: z.string().optional() }),
});
export const volumeSchema = z.object({
  metadata: objectMeta,
  spec: z.object({
    persistentVolumeReclaimPolicy: z.string(),
    claimRef: z.object({ name: z.string() }).optional(),
  }),
});
export const poolSchema = z.object({
  metadata: objectMeta,
  spec: z.object({ addresses: z.array(z.string()) }),
});

export function decode(value: string | undefined): string | undefined {
  return value === undefined ? undefined : Buffer.from(value, "base64").toString("utf8");
}

/** Polls until `check` stops throwing (the controllers act asynchronously), then returns its value. */
export async function eventually<T>(
  check: () => Promise<T>,
  attempts = 240,
  delayMs = 500,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
  throw lastError;
}

export const networkPolicySchema = z.object({
  metadata: objectMeta,
  spec: z.object({
    policyTypes: z.array(z.string()).optional(),
    egress: z
      .array(
        z.object({
          to: z
            .array(z.object({ ipBlock: z.object({ cidr: z.string() }).optional() }).loose())
            .optional(),
          ports: z.array(z.object({ protocol: z.string(), port: z.number() })).optional(),
        }),
      )
      .optional(),
  }),
});
