import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/** How Pulumi marks a secret value on the wire (the mock monitor hands these to `newResource`). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface RegisteredResource {
  type: string;
  name: string;
  /** Inputs exactly as the engine would receive them (secrets still wrapped). */
  inputs: Record<string, unknown>;
  /** What the mocked provider answered (plain), e.g. generated names. */
  state: Record<string, unknown>;
  /** The resource options the engine received (recorded by `recordOptions`). */
  options: RegisteredOptions;
}

/** The resource options of one registration, as sent to the engine. */
export interface RegisteredOptions {
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  /** URNs of the resources it waits for (dependsOn, expanded to custom resources). */
  dependencies: string[];
  /** Former identities (structured aliases; an empty name or type means the resource's own). */
  aliases: { name: string; type: string; parentUrn: string }[];
}

/** The organization the mock runtime runs in, as on a local (file) backend. */
export const MOCK_ORGANIZATION = "organization";

export function isWrappedSecret(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** The plain value with every secret wrapper removed (what the provider ends up applying). */
export function unwrapSecrets(value: unknown): unknown {
  if (isWrappedSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, unwrapSecrets(inner)]),
    );
  }
  return value;
}

/** Every string that appears outside a secret wrapper. */
export function plainStrings(value: unknown, found: string[] = []): string[] {
  if (isWrappedSecret(value)) return found;
  if (typeof value === "string") found.push(value);
  else if (Array.isArray(value)) for (const item of value) plainStrings(item, found);
  else if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) plainStrings(inner, found);
  }
  return found;
}

const hex = (seed: string) => createHash("sha256").update(seed).digest("hex");
export const fakeDigestRef = (repository: string) => `${repository}@sha256:${hex(repository)}`;
export const LOAD_BALANCER_HOSTNAME = "lb.example.test";

export interface MockClusterOptions {
  /** Outputs of other stacks, by stack name, for StackReference. */
  stackOutputs?: Record<string, Record<string, unknown>>;
  /** Play a preview: the API server has assigned nothing yet (no ClusterIPs). */
  preview?: boolean;
  /** Outputs of this stack's previous update, read back through its StackReference to itself. */
  previousRun?: Record<string, unknown>;
}

/**
 * Plays the engine and providers: records every registration and answers with the outputs the
 * real providers would produce (generated names, ClusterIPs, load balancer status, image
 * digests, random passwords).
 */
export class MockCluster implements pulumi.runtime.Mocks {
  readonly resources: RegisteredResource[] = [];
  /** Values the random provider generated; they must never appear outside a secret. */
  readonly generatedSecrets: string[] = [];
  private nextAddress = 10;
  private readonly optionsByRegistration = new Map<string, RegisteredOptions>();

  constructor(private readonly options: MockClusterOptions = {}) {}

  get preview(): boolean {
    return this.options.preview ?? false;
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    throw new Error(`unexpected provider function call ${args.token}`);
  }

  /** Called with each registration's options before `newResource` (see run-program.ts). */
  recordOptions(type: string, name: string, options: RegisteredOptions): void {
    this.optionsByRegistration.set(`${type}::${name}`, options);
  }

  newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
    const inputs = args.inputs as Record<string, unknown>;
    const result = this.answer(args, { ...(unwrapSecrets(inputs) as Record<string, unknown>) });
    const options = this.optionsByRegistration.get(`${args.type}::${args.name}`) ?? {
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      dependencies: [],
      aliases: [],
    };
    this.resources.push({ type: args.type, name: args.name, inputs, state: result.state, options });
    return result;
  }

  private answer(
    args: pulumi.runtime.MockResourceArgs,
    state: Record<string, unknown>,
  ): pulumi.runtime.MockResourceResult {
    switch (args.type) {
      case "random:index/randomPassword:RandomPassword": {
        const result = `generated-${hex(args.name).slice(0, 32)}`;
        this.generatedSecrets.push(result);
        return { id: args.name, state: { ...state, result } };
      }
      case "docker-build:index:Image": {
        const [tag] = state.tags as string[];
        const repository = String(tag).replace(/:[^/:]+$/, "");
        const digest = fakeDigestRef(repository).split("@")[1];
        return { id: args.name, state: { ...state, digest, ref: `${tag}@${digest}` } };
      }
      case "pulumi:pulumi:StackReference": {
        const stack = String(state.name);
        const self = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
        const outputs =
          this.options.stackOutputs?.[stack] ??
          (stack === self ? (this.options.previousRun ?? {}) : undefined);
        if (!outputs) throw new Error(`no outputs for stack ${stack}`);
        return { id: stack, state: { ...state, outputs, secretOutputNames: [] } };
      }
      default:
        if (args.type.startsWith("kubernetes:")) return this.kubernetesObject(args, state);
        return { id: args.name, state };
    }
  }

  private kubernetesObject(
    args: pulumi.runtime.MockResourceArgs,
    state: Record<string, unknown>,
  ): pulumi.runtime.MockResourceResult {
    const metadata = { ...((state.metadata as Record<string, unknown> | undefined) ?? {}) };
    metadata.name ??= `${args.name}-${hex(args.name).slice(0, 8)}`;
    const result: Record<string, unknown> = { ...state, metadata };
    if (args.type === "kubernetes:core/v1:Service") {
      const spec = { ...((state.spec as Record<string, unknown> | undefined) ?? {}) };
      if (spec.clusterIP === undefined && !this.preview) {
        spec.clusterIP = `10.96.0.${this.nextAddress++}`;
      }
      result.spec = spec;
      if (spec.type === "LoadBalancer") {
        const annotations = (metadata.annotations ?? {}) as Record<string, string>;
        const pinned = annotations["metallb.io/loadBalancerIPs"];
        result.status = {
          loadBalancer: {
            ingress: [pinned ? { ip: pinned } : { hostname: LOAD_BALANCER_HOSTNAME }],
          },
        };
      }
    }
    const namespace = metadata.namespace;
    const id =
      typeof namespace === "string" ? `${namespace}/${metadata.name}` : String(metadata.name);
    return { id, state: result };
  }
}
