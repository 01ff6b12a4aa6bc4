import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { CronJob, Job } from "kubernetes-models/batch/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import {
  ConfigMap,
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  Secret,
  Service,
} from "kubernetes-models/v1";
import { z } from "zod";
import type { KubeObject } from "./kube-objects.js";

/** The Kubernetes version whose OpenAPI schema kubernetes-models 4.5 was generated from. */
export const KUBERNETES_SCHEMA_VERSION = "1.33";

interface ValidatingModel {
  validate(): void;
}
type ModelClass = new (data: Record<string, unknown>) => ValidatingModel;

/** Generated validators for every built-in kind the program may create. */
const models: Record<string, ModelClass> = Object.fromEntries(
  [
    Deployment,
    StatefulSet,
    HorizontalPodAutoscaler,
    CronJob,
    Job,
    NetworkPolicy,
    PodDisruptionBudget,
    ConfigMap,
    Namespace,
    PersistentVolume,
    PersistentVolumeClaim,
    Pod,
    Secret,
    Service,
  ].map((model) => [`${model.apiVersion}/${model.kind}`, model as unknown as ModelClass]),
);

const certManagerIssuerRef = z
  .object({
    group: z.literal("cert-manager.io").optional(),
    kind: z.enum(["ClusterIssuer", "Issuer"]),
    name: z.string().min(1),
  })
  .strict();

/** cert-manager's ClusterIssuer: the two kinds the program creates (self-signed, CA). */
const certManagerClusterIssuer = z
  .object({
    apiVersion: z.literal("cert-manager.io/v1"),
    kind: z.literal("ClusterIssuer"),
    metadata: z.looseObject({ name: z.string() }),
    spec: z.union([
      z.object({ selfSigned: z.object({}).strict() }).strict(),
      z.object({ ca: z.object({ secretName: z.string().min(1) }).strict() }).strict(),
    ]),
  })
  .strict();

/** cert-manager's v1 Certificate, the fields the program uses. */
const certManagerCertificate = z
  .object({
    apiVersion: z.literal("cert-manager.io/v1"),
    kind: z.literal("Certificate"),
    metadata: z.looseObject({ name: z.string(), namespace: z.string() }),
    spec: z
      .object({
        secretName: z.string().min(1),
        secretTemplate: z
          .object({ labels: z.record(z.string(), z.string()) })
          .strict()
          .optional(),
        isCA: z.boolean().optional(),
        commonName: z.string().max(64).optional(),
        duration: z
          .string()
          .regex(/^\d+h$/)
          .optional(),
        dnsNames: z.array(z.string()).min(1).optional(),
        ipAddresses: z.array(z.string()).min(1).optional(),
        privateKey: z
          .object({
            algorithm: z.enum(["RSA", "ECDSA", "Ed25519"]),
            size: z.number().int().optional(),
            rotationPolicy: z.enum(["Never", "Always"]).optional(),
          })
          .strict(),
        issuerRef: certManagerIssuerRef,
      })
      .strict()
      .refine((spec) => spec.isCA || spec.dnsNames || spec.ipAddresses, {
        error: "a leaf certificate names at least one DNS name or IP address",
      }),
  })
  .strict();

/**
 * MetalLB's and cert-manager's custom resources are not in the Kubernetes schema; these mirror
 * the fields of their CRDs (MetalLB v1beta1, cert-manager v1) that the program uses, strictly,
 * so a typo still fails.
 */
const customResourceSchemas: Record<string, z.ZodType> = {
  "cert-manager.io/v1/ClusterIssuer": certManagerClusterIssuer,
  "cert-manager.io/v1/Certificate": certManagerCertificate,
  "metallb.io/v1beta1/IPAddressPool": z
    .object({
      apiVersion: z.literal("metallb.io/v1beta1"),
      kind: z.literal("IPAddressPool"),
      metadata: z.looseObject({ name: z.string(), namespace: z.string() }),
      spec: z
        .object({
          addresses: z.array(z.string()).min(1),
          autoAssign: z.boolean().optional(),
          avoidBuggyIPs: z.boolean().optional(),
        })
        .strict(),
    })
    .strict(),
  "metallb.io/v1beta1/L2Advertisement": z
    .object({
      apiVersion: z.literal("metallb.io/v1beta1"),
      kind: z.literal("L2Advertisement"),
      metadata: z.looseObject({ name: z.string(), namespace: z.string() }),
      spec: z
        .object({
          ipAddressPools: z.array(z.string()).optional(),
          interfaces: z.array(z.string()).optional(),
          nodeSelectors: z.array(z.unknown()).optional(),
        })
        .strict(),
    })
    .strict(),
};

/**
 * Validates a manifest against the Kubernetes OpenAPI schema (kubernetes-models' generated
 * validators) or, for MetalLB's kinds, their CRD fields. Returns the problems, empty when valid.
 */
export function schemaProblems(object: KubeObject): string[] {
  const custom = customResourceSchemas[`${object.apiVersion}/${object.kind}`];
  if (custom) {
    const parsed = custom.safeParse(object.manifest);
    return parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  }
  const Model = models[`${object.apiVersion}/${object.kind}`];
  if (!Model) return [`no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object.manifest).validate();
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
