// Rules for single values of the stack config, shared by its blocks.

import * as pulumi from "@pulumi/pulumi";
import { booleanVariable, integerVariable } from "@ssgbay/database/env";
import { z } from "zod";

export const dnsLabel = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    "must be a DNS label (lowercase letters, digits and '-', at most 63)",
  );
export const dnsSubdomain = z
  .string()
  .max(253, "must be at most 253 characters")
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    "must be a DNS subdomain (lowercase letters, digits, '-' and '.')",
  );
export const quantity = z
  .string()
  .regex(
    /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/,
    "must be a Kubernetes quantity such as 250m, 256Mi or 10Gi",
  );
export const ipv4 = z.ipv4({ error: "must be an IPv4 address" });
export const absolutePath = z.string().regex(/^\/[^\s]*$/, "must be an absolute path");

/**
 * `pulumi config set --path` may hand numbers over as text: digits become the number. Anything
 * else that is not a number becomes NaN, which every integer rule rejects with its own message
 * (the apps' variables coerce text, and must not read `true` or "" as 1 or 0 here).
 */
function integerInput(value: unknown): unknown {
  if (value === undefined || typeof value === "number") return value;
  return typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** A stack setting checked by an integer rule: an app variable's own, or `integerFrom`'s. */
export function integerSetting<Rule extends z.ZodType>(rule: Rule) {
  return z.preprocess(integerInput, rule);
}

export const integerFrom = (min: number, max: number) => integerSetting(integerVariable(min, max));
export const positiveInt = (max: number) => integerFrom(1, max);

/** Booleans, also as the text `true`/`false`, handed to a boolean variable's rule. */
function booleanInput(value: unknown): unknown {
  if (value === undefined || value === "true" || value === "false") return value;
  if (typeof value === "boolean") return String(value);
  return null;
}

/** A stack setting checked by a boolean rule: an app variable's own, or the plain one. */
export function booleanSetting<Rule extends z.ZodType>(rule: Rule) {
  return z.preprocess(booleanInput, rule);
}

export const booleanFlag = booleanSetting(booleanVariable);

export const cronSchedule = z
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

export const pinnedImage = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$/,
    "must be an image reference",
  )
  .refine((ref) => /:[A-Za-z0-9._-]+$|@sha256:/.test(ref) && !/:latest$/.test(ref), {
    error: "must pin a version tag or digest (not 'latest')",
  });

/** Scratch space (container writable layer, logs, emptyDirs) a container requests and may use. */
export const DEFAULT_EPHEMERAL_STORAGE = { request: "64Mi", limit: "512Mi" } as const;

function resourcesSchema(ephemeral: { request: string; limit: string }) {
  return z
    .object({
      requests: z
        .object({
          cpu: quantity,
          memory: quantity,
          ephemeralStorage: quantity.default(ephemeral.request),
        })
        .strict(),
      limits: z
        .object({
          cpu: quantity.optional(),
          memory: quantity,
          ephemeralStorage: quantity.default(ephemeral.limit),
        })
        .strict(),
    })
    .strict();
}
export type ContainerResources = z.infer<ReturnType<typeof resourcesSchema>>;

/**
 * A container's requests and limits, with the defaults given here; ephemeral storage defaults to
 * DEFAULT_EPHEMERAL_STORAGE unless given (also when the block is set without it).
 */
export function resources(
  requestCpu: string,
  requestMemory: string,
  limitCpu: string,
  limitMemory: string,
  ephemeral: { request: string; limit: string } = DEFAULT_EPHEMERAL_STORAGE,
) {
  return resourcesSchema(ephemeral).prefault({
    requests: { cpu: requestCpu, memory: requestMemory },
    limits: { cpu: limitCpu, memory: limitMemory },
  });
}

/** A config secret: validated as text, then kept a Pulumi secret everywhere it flows. */
export const secretString = (rule: z.ZodString) =>
  rule.transform((value): pulumi.Output<string> => pulumi.secret(value));
