import type { PolicySubject } from "../../policy/workloads.js";
import { isKubernetesObject, kindOf, metadataOf, podTemplateOf } from "../../policy/workloads.js";
import { type RegisteredResource, unwrapSecrets } from "./mock-cluster.js";

/** A Kubernetes object the program registered, as the provider would apply it. */
export interface KubeObject {
  /** Pulumi logical name. */
  resourceName: string;
  type: string;
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string | undefined;
  labels: Record<string, string>;
  /** Plain manifest: inputs with secrets unwrapped, plus the name the provider assigned. */
  manifest: Record<string, unknown>;
  /** Inputs as registered (secret wrappers intact). */
  inputs: Record<string, unknown>;
}

export function asSubject(resource: RegisteredResource): PolicySubject {
  return {
    type: resource.type,
    name: resource.name,
    urn: `urn:pulumi:test::ssgbay::${resource.type}::${resource.name}`,
    props: unwrapSecrets(resource.inputs) as Record<string, unknown>,
  };
}

export function kubeObjects(resources: readonly RegisteredResource[]): KubeObject[] {
  return resources
    .filter((resource) => resource.type !== "pulumi:providers:kubernetes")
    .map((resource) => ({ resource, subject: asSubject(resource) }))
    .filter(({ subject }) => isKubernetesObject(subject))
    .map(({ resource, subject }) => {
      const stateMetadata = metadataOf({ ...subject, props: resource.state });
      const metadata = metadataOf(subject);
      const name = String(stateMetadata.name);
      const manifest = {
        ...subject.props,
        metadata: { ...(subject.props.metadata as Record<string, unknown>), name },
      };
      return {
        resourceName: resource.name,
        type: resource.type,
        kind: kindOf(resource.type),
        apiVersion: String(subject.props.apiVersion),
        name,
        namespace: typeof metadata.namespace === "string" ? metadata.namespace : undefined,
        labels: (metadata.labels ?? {}) as Record<string, string>,
        manifest,
        inputs: resource.inputs,
      };
    });
}

export function find(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.name === name);
  if (!found) throw new Error(`no ${kind} ${name} registered`);
  return found;
}

export function podTemplates(objects: readonly KubeObject[]) {
  return objects.flatMap((object) => {
    const template = podTemplateOf({
      type: object.type,
      name: object.name,
      props: object.manifest,
    });
    return template ? [{ object, template }] : [];
  });
}
