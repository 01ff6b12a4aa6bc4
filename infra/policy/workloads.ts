import { z } from "zod";

/** A resource as a policy sees it: its type token, logical name and (plain) inputs. */
export interface PolicySubject {
  type: string;
  name: string;
  props: Record<string, unknown>;
  urn?: string;
}

const stringMap = z.record(z.string(), z.unknown());

export const containerSchema = z.looseObject({
  name: z.string().optional(),
  image: z.unknown().optional(),
  ports: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        containerPort: z.unknown().optional(),
        hostPort: z.unknown().optional(),
      }),
    )
    .optional(),
  env: z
    .array(
      z.looseObject({
        name: z.string(),
        value: z.unknown().optional(),
        valueFrom: z.unknown().optional(),
      }),
    )
    .optional(),
  envFrom: z
    .array(
      z.looseObject({ configMapRef: z.unknown().optional(), secretRef: z.unknown().optional() }),
    )
    .optional(),
  resources: z
    .looseObject({ requests: stringMap.optional(), limits: stringMap.optional() })
    .optional(),
  livenessProbe: z.unknown().optional(),
  readinessProbe: z.unknown().optional(),
  securityContext: z.looseObject({}).optional(),
  volumeMounts: z
    .array(z.looseObject({ name: z.string(), mountPath: z.string().optional() }))
    .optional(),
});
export type Container = z.infer<typeof containerSchema>;

export const podSpecSchema = z.looseObject({
  containers: z.array(containerSchema).default([]),
  initContainers: z.array(containerSchema).optional(),
  ephemeralContainers: z.array(containerSchema).optional(),
  volumes: z.array(z.looseObject({ name: z.string() })).optional(),
  securityContext: z.looseObject({}).optional(),
  hostNetwork: z.unknown().optional(),
  hostPID: z.unknown().optional(),
  hostIPC: z.unknown().optional(),
  imagePullSecrets: z.unknown().optional(),
  automountServiceAccountToken: z.unknown().optional(),
});
export type PodSpec = z.infer<typeof podSpecSchema>;

const podTemplateSchema = z.looseObject({
  metadata: z.looseObject({ labels: z.record(z.string(), z.string()).optional() }).optional(),
  spec: podSpecSchema,
});

/** A pod template found in a workload, with where it lives. */
export interface PodTemplate {
  owner: PolicySubject;
  kind: string;
  namespace: string | undefined;
  labels: Record<string, string>;
  spec: PodSpec;
  /** Long-running pods serve traffic and need probes; Job pods run to completion. */
  longRunning: boolean;
}

/** `kubernetes:apps/v1:Deployment` → `Deployment`. */
export function kindOf(type: string): string {
  return type.split(":").at(-1) ?? type;
}

export function isKubernetesObject(subject: PolicySubject): boolean {
  return (
    subject.type.startsWith("kubernetes:") &&
    !subject.type.startsWith("kubernetes:helm.sh/") &&
    !subject.type.startsWith("kubernetes:yaml")
  );
}

const objectMetadataSchema = z.looseObject({
  name: z.unknown().optional(),
  namespace: z.unknown().optional(),
  labels: z.record(z.string(), z.unknown()).optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});

export function metadataOf(subject: PolicySubject): z.infer<typeof objectMetadataSchema> {
  const parsed = objectMetadataSchema.safeParse(subject.props.metadata ?? {});
  return parsed.success ? parsed.data : {};
}

function path(value: unknown, keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const TEMPLATE_PATHS: Record<string, { keys: string[]; longRunning: boolean }> = {
  Deployment: { keys: ["spec", "template"], longRunning: true },
  StatefulSet: { keys: ["spec", "template"], longRunning: true },
  DaemonSet: { keys: ["spec", "template"], longRunning: true },
  ReplicaSet: { keys: ["spec", "template"], longRunning: true },
  Job: { keys: ["spec", "template"], longRunning: false },
  CronJob: { keys: ["spec", "jobTemplate", "spec", "template"], longRunning: false },
};

/** The pod template of a workload (or the pod itself), if the subject has one. */
export function podTemplateOf(subject: PolicySubject): PodTemplate | undefined {
  if (!isKubernetesObject(subject)) return undefined;
  const kind = kindOf(subject.type);
  const namespace = metadataOf(subject).namespace;
  const where = TEMPLATE_PATHS[kind];
  const raw =
    kind === "Pod"
      ? { metadata: subject.props.metadata, spec: subject.props.spec }
      : where
        ? path(subject.props, where.keys)
        : undefined;
  if (raw === undefined) return undefined;
  const parsed = podTemplateSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  return {
    owner: subject,
    kind,
    namespace: typeof namespace === "string" ? namespace : undefined,
    labels: parsed.data.metadata?.labels ?? {},
    spec: parsed.data.spec,
    longRunning: kind === "Pod" ? true : (where?.longRunning ?? false),
  };
}

export function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
}
