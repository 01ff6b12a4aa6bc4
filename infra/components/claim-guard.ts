import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { StackConfig } from "../config/index.js";
import { keyName } from "../config/problems.js";
import { CLAIMS } from "./storage-layout.js";

/** A setting that a data claim's storage follows: changing it gives the claim a new, empty volume. */
export interface ClaimParameter {
  /** The stack config key, without the `ssgbay:` prefix. */
  key: string;
  value: string;
}
export type ClaimName = (typeof CLAIMS)[keyof typeof CLAIMS];
/** Per claim the program creates (no `mysql-data` with an external database). */
export type ClaimParameters = Partial<Record<ClaimName, Record<string, ClaimParameter>>>;

/** The stack output holding the values of the last run (read back by the next run). */
export const CLAIM_PARAMETERS_OUTPUT = "dataClaims";

const parameter = (key: string, value: string): ClaimParameter => ({ key, value });

/**
 * What decides where each claim's data lives: the claims' namespace, and per target the storage
 * class (managed) or the NFS export (vagrant: server, directory, and for the in-cluster server
 * the node and host directory holding it). The Kubernetes provider replaces a claim whose storage
 * class or volume changes (immutable fields), and a moved export leaves MySQL an empty directory.
 */
export function claimParameters(config: StackConfig): ClaimParameters {
  const { target } = config;
  const withMysql = (claims: Record<ClaimName, Record<string, ClaimParameter>>): ClaimParameters =>
    config.mysql.mode === "inCluster" ? claims : { [CLAIMS.shared]: claims[CLAIMS.shared] };
  const common = {
    target: parameter("target", target.kind),
    namespace: parameter("namespace", config.namespace),
  };
  if (target.kind === "managed") {
    return withMysql({
      [CLAIMS.shared]: {
        ...common,
        storageClassName: parameter(
          "storageClasses.readWriteMany",
          target.storageClasses.readWriteMany,
        ),
      },
      [CLAIMS.mysql]: {
        ...common,
        storageClassName: parameter(
          "storageClasses.readWriteOnce",
          target.storageClasses.readWriteOnce,
        ),
      },
    });
  }
  const { nfs } = target;
  const exported: Record<string, ClaimParameter> =
    nfs.mode === "external"
      ? {
          nfsMode: parameter("nfs.mode", nfs.mode),
          nfsServer: parameter("nfs.server", nfs.server),
          nfsPath: parameter("nfs.path", nfs.path),
        }
      : {
          nfsMode: parameter("nfs.mode", nfs.mode),
          nfsServer: parameter("nfs.serviceClusterIP", nfs.serviceClusterIP),
          nfsNode: parameter("nfs.node", nfs.node),
          nfsHostPath: parameter("nfs.hostPath", nfs.hostPath),
        };
  return withMysql({
    [CLAIMS.shared]: { ...common, ...exported },
    [CLAIMS.mysql]: { ...common, ...exported },
  });
}

/** The plain form exported as `dataClaims`: claim → parameter → value. */
export function claimParameterValues(
  parameters: ClaimParameters,
): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(parameters).map(([claim, values]) => [
      claim,
      Object.fromEntries(Object.entries(values ?? {}).map(([name, { value }]) => [name, value])),
    ]),
  );
}

const previousValuesSchema = z.record(z.string(), z.record(z.string(), z.string())).optional();

export const REPLACEMENT_PROCEDURE =
  'revert it, or follow "Replacing a data claim" in infra/README.md (back up, set ssgbay:data.protect false for one pulumi up, restore)';

/**
 * One `ssgbay:<key>: <rule>` line per changed key whose change would replace a data claim,
 * comparing this run's parameters with those the previous run exported (none before the first).
 */
export function claimReplacements(previous: unknown, next: ClaimParameters): string[] {
  const parsed = previousValuesSchema.safeParse(previous);
  if (!parsed.success) {
    throw new Error(
      `the previous run's output ${CLAIM_PARAMETERS_OUTPUT} is not claim → parameter → value text`,
    );
  }
  const before = parsed.data ?? {};
  const changes = new Map<string, { from: string; to: string; claims: string[] }>();
  for (const [claim, parameters] of Object.entries(next)) {
    if (!parameters) continue;
    for (const [name, { key, value }] of Object.entries(parameters)) {
      const old = before[claim]?.[name];
      if (old === undefined || old === value) continue;
      const change = changes.get(key) ?? { from: old, to: value, claims: [] };
      change.claims.push(claim);
      changes.set(key, change);
    }
  }
  return [...changes].map(
    ([key, { from, to, claims }]) =>
      `${keyName([key])}: changing it from ${from} to ${to} would replace the data claim${claims.length > 1 ? "s" : ""} ${claims.join(" and ")} with empty storage; ${REPLACEMENT_PROCEDURE}`,
  );
}

/** Thrown before any claim is registered; Pulumi prints a RunError's message without a stack trace. */
export class DataClaimChangeError extends pulumi.RunError {
  constructor(readonly problems: string[]) {
    super(
      `refusing to replace data claims (ssgbay:data.protect is true):\n  ${problems.join("\n  ")}`,
    );
    this.name = "DataClaimChangeError";
  }
}

/**
 * Reads the previous run's claim parameters from this very stack (a StackReference to itself:
 * the outputs of the last completed update) and throws when `data.protect` is on and a claim
 * would be replaced. Runs on preview too, so `pulumi preview` fails with the key named.
 */
export async function refuseClaimReplacement(
  config: StackConfig,
  parameters: ClaimParameters,
): Promise<void> {
  const self = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  const previousRun = new pulumi.StackReference("previous-run", { name: self });
  const { value } = await previousRun.getOutputDetails(CLAIM_PARAMETERS_OUTPUT);
  if (!config.data.protect) return;
  const problems = claimReplacements(value, parameters);
  if (problems.length > 0) throw new DataClaimChangeError(problems);
}
