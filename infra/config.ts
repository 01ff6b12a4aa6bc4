import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { addressRangeSchema, type Ipv4Range, isInside, parseAddressRange } from "./ip-ranges.js";

/** The Pulumi project name; every config key is `ssgbay:<key>`. */
export const PROJECT = "ssgbay";

const dnsLabel = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    "must be a DNS label (lowercase letters, digits and '-', at most 63)",
  );
const dnsSubdomain = z
  .string()
  .max(253, "must be at most 253 characters")
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "must be a DNS subdomain (lowercase letters, digits, '-' and '.')",
  );
const quantity = z
  .string()
  .regex(
    /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/,
    "must be a Kubernetes quantity such as 250m, 256Mi or 10Gi",
  );
const ipv4 = z.ipv4({ error: "must be an IPv4 address" });
/** `pulumi config set --path` may hand numbers and booleans over as text; accept both forms. */
const integerText = (schema: z.ZodNumber) =>
  z.preprocess(
    (value) => (typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value),
    schema,
  );
const booleanSetting = z.preprocess(
  (value) => (value === "true" ? true : value === "false" ? false : value),
  z.boolean({ error: "must be true or false" }),
);
const integerFrom = (min: number, max: number) => {
  const rule = `must be an integer from ${min} to ${max}`;
  return integerText(
    z
      .number({ error: rule })
      .int({ error: rule })
      .min(min, { error: rule })
      .max(max, { error: rule }),
  );
};
const positiveInt = (max: number) => integerFrom(1, max);
const cronSchedule = z
  .string()
  .regex(
    /^(@(hourly|daily|weekly|monthly|yearly)|(\S+\s+){4}\S+)$/,
    "must be a cron schedule with 5 fields (e.g. '* * * * *') or @hourly/@daily/...",
  );
/** An image pinned by content: what was tested is byte for byte what runs. */
export const digestRefSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._:/-]*@sha256:[a-f0-9]{64}$/,
    "must be an image reference pinned by digest: <repository>@sha256:<64 hex>",
  );
const pinnedImage = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$/,
    "must be an image reference",
  )
  .refine((ref) => /:[A-Za-z0-9._-]+$|@sha256:/.test(ref) && !/:latest$/.test(ref), {
    error: "must pin a version tag or digest (not 'latest')",
  });

const resourcesSchema = z
  .object({
    requests: z.object({ cpu: quantity, memory: quantity }).strict(),
    limits: z.object({ cpu: quantity.optional(), memory: quantity }).strict(),
  })
  .strict();
export type ContainerResources = z.infer<typeof resourcesSchema>;

function resources(
  requestCpu: string,
  requestMemory: string,
  limitCpu: string,
  limitMemory: string,
) {
  const fallback: ContainerResources = {
    requests: { cpu: requestCpu, memory: requestMemory },
    limits: { cpu: limitCpu, memory: limitMemory },
  };
  return resourcesSchema.default(fallback);
}

const imagesSchema = z.discriminatedUnion(
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
        tag: z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, "must be a Docker tag")
          .default("latest"),
        platform: z
          .enum(["linux/amd64", "linux/arm64"], { error: "must be linux/amd64 or linux/arm64" })
          .default("linux/amd64"),
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
      })
      .strict(),
  ],
  { error: "must have source build, stackReference or refs" },
);

const secretString = (rule: z.ZodString) =>
  rule.transform((value): pulumi.Output<string> => pulumi.secret(value));

/** Keys every target shares. */
const commonSchema = z.object({
  target: z.enum(["vagrant", "managed"], { error: "must be vagrant or managed" }),
  namespace: dnsLabel.default("ssgbay"),
  kubernetes: z
    .object({
      context: z.string().min(1).optional(),
      renderYamlToDirectory: z.string().min(1).optional(),
    })
    .strict()
    .prefault({}),
  registry: z
    .object({
      server: z
        .string()
        .regex(/^[a-z0-9.-]+(:\d+)?$/, "must be a registry host name, e.g. ghcr.io"),
      username: z.string().min(1, "must not be empty"),
    })
    .strict()
    .optional(),
  images: imagesSchema,
  storage: z
    .object({ uploadsSize: quantity.default("10Gi"), mysqlSize: quantity.default("10Gi") })
    .strict()
    .prefault({}),
  mysql: z
    .object({
      image: pinnedImage.default("mysql:8.4.7"),
      database: z
        .string()
        .regex(/^[A-Za-z0-9_]{1,64}$/, "must be 1-64 of [A-Za-z0-9_]")
        .default("ssgbay"),
      user: z
        .string()
        .regex(/^[A-Za-z0-9_]{1,32}$/, "must be 1-32 of [A-Za-z0-9_]")
        .refine((user) => user !== "root", { error: "must not be root" })
        .default("ssgbay"),
      resources: resources("250m", "512Mi", "2", "1536Mi"),
    })
    .strict()
    .prefault({}),
  api: z
    .object({
      replicas: positiveInt(50).default(2),
      loadBalancer: booleanSetting.default(false),
      logLevel: z
        .enum(["fatal", "error", "warn", "info", "debug", "trace"], {
          error: "must be one of fatal, error, warn, info, debug, trace",
        })
        .default("info"),
      antiSnipingSeconds: integerFrom(0, 3600).default(60),
      databasePoolSize: positiveInt(200).default(10),
      cookieSecure: booleanSetting.default(false),
      authRateLimitPerMinute: positiveInt(100_000).default(20),
      trustProxy: z
        .string()
        .regex(
          /^(true|false|\d+|[0-9a-f.:/]+(,[0-9a-f.:/]+)*)$/,
          "must be true, false, a hop count or a comma-separated list of addresses",
        )
        .default("1"),
      resources: resources("100m", "192Mi", "1", "512Mi"),
      migrationResources: resources("50m", "96Mi", "500m", "256Mi"),
    })
    .strict()
    .prefault({}),
  web: z
    .object({
      replicas: positiveInt(50).default(2),
      loadBalancerIP: ipv4.optional(),
      resources: resources("50m", "32Mi", "500m", "128Mi"),
    })
    .strict()
    .prefault({}),
  settler: z
    .object({
      schedule: cronSchedule.default("* * * * *"),
      batchSize: positiveInt(10_000).default(500),
      startingDeadlineSeconds: positiveInt(3600).default(30),
      activeDeadlineSeconds: positiveInt(86_400).default(50),
      backoffLimit: integerFrom(0, 10).default(2),
      resources: resources("50m", "96Mi", "500m", "256Mi"),
    })
    .strict()
    .prefault({}),
  backup: z
    .object({
      schedule: cronSchedule.default("30 3 * * *"),
      retention: positiveInt(365).default(7),
      activeDeadlineSeconds: positiveInt(86_400).default(3600),
      resources: resources("50m", "64Mi", "1", "512Mi"),
    })
    .strict()
    .prefault({}),
  registryPassword: secretString(z.string().min(1, "must not be empty")).optional(),
  mysqlRootPassword: secretString(
    z.string().min(16, "must be at least 16 characters").max(128),
  ).optional(),
  mysqlPassword: secretString(
    z.string().min(16, "must be at least 16 characters").max(128),
  ).optional(),
  jwtSecret: secretString(z.string().min(32, "must be at least 32 characters")).optional(),
});

const vagrantSchema = z.object({
  nodeAddresses: z.array(ipv4).min(1, "must list at least one node address"),
  metallb: z
    .object({
      install: booleanSetting.default(true),
      chartVersion: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/, "must be a chart version such as 0.15.2")
        .default("0.15.2"),
      addresses: z.array(addressRangeSchema).min(1, "must list at least one address range"),
    })
    .strict(),
  nfs: z
    .discriminatedUnion(
      "mode",
      [
        z
          .object({
            mode: z.literal("inCluster"),
            node: dnsSubdomain.default("node01"),
            hostPath: z
              .string()
              .regex(/^\/[^\s]*$/, "must be an absolute path")
              .default("/srv/ssgbay-nfs"),
            image: pinnedImage.default("registry.k8s.io/volume-nfs:0.8"),
            // Pinned so the PersistentVolumes know their server at preview (a server-side dry
            // run rejects an empty spec.nfs.server). Inside the Vagrant service CIDR
            // (172.17.0.0/18), in the lower band the API server keeps for static addresses.
            serviceClusterIP: ipv4.default("172.17.0.20"),
          })
          .strict(),
        z
          .object({
            mode: z.literal("external"),
            server: z.union([ipv4, dnsSubdomain], {
              error: "must be an IPv4 address or host name",
            }),
            path: z.string().regex(/^\/[^\s]*$/, "must be an absolute path"),
          })
          .strict(),
      ],
      { error: "must have mode inCluster or external" },
    )
    .prefault({ mode: "inCluster" }),
});

const managedSchema = z.object({
  storageClasses: z.object({ readWriteMany: dnsSubdomain, readWriteOnce: dnsSubdomain }).strict(),
});

type Common = z.infer<typeof commonSchema>;
export type VagrantTarget = { kind: "vagrant" } & z.infer<typeof vagrantSchema>;
export type ManagedTarget = { kind: "managed" } & z.infer<typeof managedSchema>;
export type NfsConfig = VagrantTarget["nfs"];
export type ImagesConfig = Common["images"];

/** The whole stack configuration, validated and typed. */
export type StackConfig = Omit<Common, "target"> & { target: VagrantTarget | ManagedTarget };

/** Thrown before any resource exists; `problems` holds one `ssgbay:<key>: <rule>` line each. */
export class StackConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid stack configuration:\n  ${problems.join("\n  ")}`);
    this.name = "StackConfigError";
  }
}

const commonKeys = new Set(Object.keys(commonSchema.shape));
const targetKeys = {
  vagrant: new Set(Object.keys(vagrantSchema.shape)),
  managed: new Set(Object.keys(managedSchema.shape)),
} as const;

function keyName(path: readonly PropertyKey[]): string {
  return `${PROJECT}:${path.map(String).join(".")}`;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${keyName([...issue.path, key])}: is not a known setting`);
    }
    const message =
      issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
    return [`${keyName(issue.path)}: ${message}`];
  });
}

/**
 * Reads the `ssgbay:*` keys of the stack's config. Structured values arrive as JSON text
 * (that is how Pulumi passes YAML objects to programs).
 */
export function rawStackConfig(all: Record<string, string> = pulumi.runtime.allConfig()): {
  values: Record<string, unknown>;
  problems: string[];
} {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [fullKey, text] of Object.entries(all)) {
    if (!fullKey.startsWith(`${PROJECT}:`)) continue;
    const key = fullKey.slice(PROJECT.length + 1);
    if (/^\s*[[{]/.test(text)) {
      try {
        values[key] = JSON.parse(text);
      } catch {
        problems.push(`${fullKey}: is not valid JSON`);
      }
    } else if (text === "true" || text === "false") {
      values[key] = text === "true";
    } else {
      values[key] = text;
    }
  }
  return { values, problems };
}

/** Validates everything at once; throws StackConfigError listing every problem. */
export function parseStackConfig(
  values: Record<string, unknown>,
  earlier: string[] = [],
): StackConfig {
  const problems = [...earlier];
  const common = commonSchema.safeParse(values);
  if (!common.success) problems.push(...describeIssues(common.error.issues));

  const targetName =
    values.target === "vagrant" || values.target === "managed" ? values.target : undefined;
  for (const key of Object.keys(values)) {
    if (commonKeys.has(key)) continue;
    if (targetName && targetKeys[targetName].has(key)) continue;
    const otherTarget = (["vagrant", "managed"] as const).find((name) => targetKeys[name].has(key));
    problems.push(
      otherTarget
        ? `${keyName([key])}: is only for target ${otherTarget}`
        : `${keyName([key])}: is not a known setting`,
    );
  }

  let target: VagrantTarget | ManagedTarget | undefined;
  if (targetName === "vagrant") {
    const parsed = vagrantSchema.safeParse(values);
    if (parsed.success) target = { kind: "vagrant", ...parsed.data };
    else problems.push(...describeIssues(parsed.error.issues));
  } else if (targetName === "managed") {
    const parsed = managedSchema.safeParse(values);
    if (parsed.success) target = { kind: "managed", ...parsed.data };
    else problems.push(...describeIssues(parsed.error.issues));
  }

  if (common.success && target) {
    problems.push(...crossFieldProblems(common.data, target));
  }
  if (problems.length > 0 || !common.success || !target) throw new StackConfigError(problems);
  const { target: _targetName, ...rest } = common.data;
  return { ...rest, target };
}

function crossFieldProblems(common: Common, target: VagrantTarget | ManagedTarget): string[] {
  const problems: string[] = [];
  if (common.images.source === "build") {
    if (!common.registry)
      problems.push(`${keyName(["registry"])}: is required when images.source is build`);
    if (!common.registryPassword) {
      problems.push(
        `${keyName(["registryPassword"])}: is required when images.source is build (pulumi config set --secret registryPassword ...)`,
      );
    }
    if (common.registry && !common.images.repository.startsWith(`${common.registry.server}/`)) {
      problems.push(`${keyName(["images", "repository"])}: must start with registry.server + '/'`);
    }
  }
  if (common.registryPassword && !common.registry) {
    problems.push(`${keyName(["registry"])}: is required when registryPassword is set`);
  }
  if (target.kind === "vagrant") {
    const pool: Ipv4Range[] = target.metallb.addresses.map(parseAddressRange);
    target.nodeAddresses.forEach((node, index) => {
      if (pool.some((range) => isInside(node, range))) {
        problems.push(
          `${keyName(["nodeAddresses", index])}: ${node} lies inside the MetalLB pool; the pool must be outside the node addresses`,
        );
      }
    });
    const pinned = common.web.loadBalancerIP;
    if (pinned && !pool.some((range) => isInside(pinned, range))) {
      problems.push(
        `${keyName(["web", "loadBalancerIP"])}: ${pinned} must lie inside metallb.addresses`,
      );
    }
  }
  return problems;
}

/** Reads and validates the stack config once; nothing else reads config. */
export function loadStackConfig(): StackConfig {
  const { values, problems } = rawStackConfig();
  return parseStackConfig(values, problems);
}
