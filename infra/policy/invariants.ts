import {
  admitsOnlyAddresses,
  describeWorkload,
  ephemeralStorageProblems,
  TOKEN_MOUNT_ALLOWED,
  tokenMountProblems,
} from "./least-privilege.js";
import { restrictedViolations } from "./pod-security.js";
import {
  allContainers,
  isKubernetesObject,
  kindOf,
  metadataOf,
  type PolicySubject,
  podTemplateOf,
} from "./workloads.js";

export interface Violation {
  subject: PolicySubject;
  message: string;
}

/** One invariant of every SSGBay stack, checked over all of a stack's resources at once. */
export interface Invariant {
  name: string;
  description: string;
  check(resources: readonly PolicySubject[]): Violation[];
}

export const POD_SECURITY_LABEL = "pod-security.kubernetes.io/enforce";
/** Namespaces that may run privileged pods (MetalLB's speaker, the in-cluster NFS server). */
export const PRIVILEGED_NAMESPACE = /^(metallb-system|ssgbay-nfs-[a-z0-9-]+)$/;
/** The in-cluster NFS server's namespace (dev): its export is rw,no_root_squash. */
export const NFS_NAMESPACE = /^ssgbay-nfs-[a-z0-9-]+$/;
/** Services allowed to be reachable from outside the cluster. */
const PUBLIC_SERVICES = new Set(["web", "api"]);
/** Our own images; everything else is third-party and pinned by version. */
const APP_CONTAINERS = new Set(["api", "web", "settler", "migrate"]);
export const PASSWORD_LIKE = /pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential/i;
const DIGEST_REF = /@sha256:[a-f0-9]{64}$/;
const RECOMMENDED_LABELS = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/instance",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/managed-by",
] as const;

function namespaceLabels(
  resources: readonly PolicySubject[],
): Map<string, Record<string, unknown>> {
  const labels = new Map<string, Record<string, unknown>>();
  for (const subject of resources) {
    if (subject.type !== "kubernetes:core/v1:Namespace") continue;
    const metadata = metadataOf(subject);
    if (typeof metadata.name === "string") labels.set(metadata.name, metadata.labels ?? {});
  }
  return labels;
}

function each<T>(items: Iterable<T>, check: (item: T) => Violation[]): Violation[] {
  return [...items].flatMap(check);
}

const kubernetesObjects = (resources: readonly PolicySubject[]) =>
  resources.filter(isKubernetesObject);
const podTemplates = (resources: readonly PolicySubject[]) =>
  resources.flatMap((subject) => {
    const template = podTemplateOf(subject);
    return template ? [template] : [];
  });

export const invariants: Invariant[] = [
  {
    name: "namespaces-enforce-pod-security",
    description:
      "Every namespace enforces a Pod Security level: restricted, or privileged only for MetalLB and the NFS server.",
    check: (resources) =>
      each(resources, (subject) => {
        if (subject.type !== "kubernetes:core/v1:Namespace") return [];
        const { name, labels } = metadataOf(subject);
        const level = labels?.[POD_SECURITY_LABEL];
        if (level === "restricted") return [];
        if (level === "privileged" && typeof name === "string" && PRIVILEGED_NAMESPACE.test(name)) {
          return [];
        }
        return [
          { subject, message: `namespace ${String(name)} must enforce Pod Security restricted` },
        ];
      }),
  },
  {
    name: "pods-meet-restricted",
    description: "Every pod outside the privileged namespaces meets Pod Security restricted.",
    check: (resources) => {
      const levels = namespaceLabels(resources);
      return each(podTemplates(resources), (template) => {
        const level = template.namespace
          ? levels.get(template.namespace)?.[POD_SECURITY_LABEL]
          : undefined;
        if (level === "privileged") return [];
        return restrictedViolations(template.spec).map((problem) => ({
          subject: template.owner,
          message: `${template.kind} ${template.owner.name}: ${problem}`,
        }));
      });
    },
  },
  {
    name: "default-deny-network",
    description:
      "Every restricted namespace has a default-deny NetworkPolicy for ingress and egress.",
    check: (resources) => {
      const denied = new Set<string>();
      for (const subject of resources) {
        if (kindOf(subject.type) !== "NetworkPolicy") continue;
        const spec = subject.props.spec as Record<string, unknown> | undefined;
        const selector = spec?.podSelector as Record<string, unknown> | undefined;
        const types = spec?.policyTypes;
        const selectsAll = selector !== undefined && Object.keys(selector).length === 0;
        const hasRules = spec?.ingress !== undefined || spec?.egress !== undefined;
        if (
          selectsAll &&
          !hasRules &&
          Array.isArray(types) &&
          types.includes("Ingress") &&
          types.includes("Egress")
        ) {
          const namespace = metadataOf(subject).namespace;
          if (typeof namespace === "string") denied.add(namespace);
        }
      }
      return each(namespaceLabels(resources), ([name, labels]) => {
        if (labels[POD_SECURITY_LABEL] !== "restricted" || denied.has(name)) return [];
        const subject = resources.find(
          (candidate) =>
            candidate.type === "kubernetes:core/v1:Namespace" &&
            metadataOf(candidate).name === name,
        );
        return subject
          ? [{ subject, message: `namespace ${name} needs a default-deny NetworkPolicy` }]
          : [];
      });
    },
  },
  {
    name: "containers-have-resources-and-probes",
    description:
      "Every container requests CPU and memory and limits memory; long-running containers have liveness and readiness probes.",
    check: (resources) =>
      each(podTemplates(resources), (template) =>
        allContainers(template.spec).flatMap((container) => {
          const problems: string[] = [];
          const requests = container.resources?.requests ?? {};
          const limits = container.resources?.limits ?? {};
          if (requests.cpu === undefined || requests.memory === undefined) {
            problems.push("must request cpu and memory");
          }
          if (limits.memory === undefined) problems.push("must limit memory");
          const isMain = template.spec.containers.includes(container);
          if (template.longRunning && isMain) {
            if (container.livenessProbe === undefined) problems.push("needs a livenessProbe");
            if (container.readinessProbe === undefined) problems.push("needs a readinessProbe");
          }
          return problems.map((problem) => ({
            subject: template.owner,
            message: `${template.kind} ${template.owner.name}, container ${container.name}: ${problem}`,
          }));
        }),
      ),
  },
  {
    name: "images-pinned",
    description:
      "App images are referenced by digest; third-party images by a version tag, never latest.",
    check: (resources) =>
      each(podTemplates(resources), (template) =>
        allContainers(template.spec).flatMap((container) => {
          const image = container.image;
          // Unknown during a preview (a digest that a build will produce): nothing to judge yet.
          if (typeof image !== "string") return [];
          const ours = APP_CONTAINERS.has(container.name ?? "");
          const pinned = ours
            ? DIGEST_REF.test(image)
            : DIGEST_REF.test(image) || (/:[\w.-]+$/.test(image) && !/:latest$/.test(image));
          if (pinned) return [];
          return [
            {
              subject: template.owner,
              message: `${template.kind} ${template.owner.name}, container ${container.name}: image ${image} must be pinned ${ours ? "by digest" : "by version"}`,
            },
          ];
        }),
      ),
  },
  {
    name: "only-web-and-api-are-public",
    description:
      "Only the web Service (and the API when configured) may be a LoadBalancer; nothing is a NodePort.",
    check: (resources) =>
      each(resources, (subject) => {
        if (subject.type !== "kubernetes:core/v1:Service") return [];
        const spec = subject.props.spec as Record<string, unknown> | undefined;
        const type = spec?.type;
        const app = metadataOf(subject).labels?.["app.kubernetes.io/name"];
        if (type === "NodePort") {
          return [{ subject, message: `Service ${subject.name} must not be a NodePort` }];
        }
        if (type === "LoadBalancer" && !(typeof app === "string" && PUBLIC_SERVICES.has(app))) {
          return [
            {
              subject,
              message: `Service ${subject.name} (${String(app)}) must not be a LoadBalancer`,
            },
          ];
        }
        return [];
      }),
  },
  {
    name: "no-secrets-in-plain-config",
    description:
      "No password-like key in a ConfigMap, and no password-like environment variable with a plain value.",
    check: (resources) => [
      ...each(resources, (subject) => {
        if (subject.type !== "kubernetes:core/v1:ConfigMap") return [];
        const data = (subject.props.data ?? {}) as Record<string, unknown>;
        return Object.entries(data)
          .filter(
            ([key, value]) =>
              PASSWORD_LIKE.test(key) || /:\/\/[^/\s:@]+:[^/\s@]+@/.test(String(value)),
          )
          .map(([key]) => ({
            subject,
            message: `ConfigMap ${subject.name}: ${key} belongs in a Secret`,
          }));
      }),
      ...each(podTemplates(resources), (template) =>
        allContainers(template.spec).flatMap((container) =>
          (container.env ?? [])
            .filter((variable) => variable.value !== undefined && PASSWORD_LIKE.test(variable.name))
            .map((variable) => ({
              subject: template.owner,
              message: `${template.kind} ${template.owner.name}, container ${container.name}: ${variable.name} must come from a Secret`,
            })),
        ),
      ),
    ],
  },
  {
    name: "ephemeral-storage-limited",
    description:
      "Every container (init containers too) requests and limits ephemeral-storage; every emptyDir has a sizeLimit.",
    check: (resources) =>
      each(podTemplates(resources), (template) =>
        ephemeralStorageProblems(template).map((problem) => ({
          subject: template.owner,
          message: `${describeWorkload(template)}, ${problem}`,
        })),
      ),
  },
  {
    name: "no-service-account-token",
    description:
      "Pods that never call the Kubernetes API mount no service-account token (automountServiceAccountToken: false); others are allow-listed.",
    check: (resources) => serviceAccountTokenCheck(resources, TOKEN_MOUNT_ALLOWED),
  },
  {
    name: "nfs-namespace-admits-only-addresses",
    description:
      "The NFS server's namespace has a NetworkPolicy selecting every pod that admits only listed addresses on listed ports.",
    check: (resources) =>
      each(namespaceLabels(resources), ([name]) => {
        if (!NFS_NAMESPACE.test(name)) return [];
        const closed = resources.some(
          (subject) => metadataOf(subject).namespace === name && admitsOnlyAddresses(subject),
        );
        const subject = resources.find(
          (candidate) =>
            candidate.type === "kubernetes:core/v1:Namespace" &&
            metadataOf(candidate).name === name,
        );
        return closed || !subject
          ? []
          : [
              {
                subject,
                message: `namespace ${name} needs a NetworkPolicy admitting only the nodes' addresses on the NFS ports`,
              },
            ];
      }),
  },
  {
    name: "recommended-labels",
    description: "Every Kubernetes object carries the app.kubernetes.io recommended labels.",
    check: (resources) =>
      each(kubernetesObjects(resources), (subject) => {
        const labels = metadataOf(subject).labels ?? {};
        const missing = RECOMMENDED_LABELS.filter((label) => typeof labels[label] !== "string");
        return missing.length === 0
          ? []
          : [
              {
                subject,
                message: `${subject.type} ${subject.name} lacks labels ${missing.join(", ")}`,
              },
            ];
      }),
  },
];

/** The token rule with a given allow-list (`Kind namespace/name` → why), for the tests. */
export function serviceAccountTokenCheck(
  resources: readonly PolicySubject[],
  allowed: ReadonlyMap<string, string>,
): Violation[] {
  return each(podTemplates(resources), (template) =>
    tokenMountProblems(template, allowed).map((message) => ({ subject: template.owner, message })),
  );
}
