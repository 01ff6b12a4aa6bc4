import { invariants } from "../../policy/invariants.js";
import { asSubject } from "./kube-objects.js";
import type { RegisteredResource } from "./mock-cluster.js";

/** Each CrossGuard invariant of the policy pack that the registered resources break, with its messages. */
export function invariantViolations(
  resources: readonly RegisteredResource[],
): Record<string, string[]> {
  const subjects = resources.map(asSubject);
  return Object.fromEntries(
    invariants
      .map(
        (invariant) => [invariant.name, invariant.check(subjects).map((v) => v.message)] as const,
      )
      .filter(([, messages]) => messages.length > 0),
  );
}
