import { PolicyPack, type StackValidationPolicy } from "@pulumi/policy";
import { invariants } from "./invariants.js";

/** The SSGBay invariants, enforced on real `pulumi preview/up --policy-pack infra/policy` runs. */
const policies: StackValidationPolicy[] = invariants.map((invariant) => ({
  name: invariant.name,
  description: invariant.description,
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const subjects = args.resources.map((resource) => ({
      type: resource.type,
      name: resource.name,
      urn: resource.urn,
      props: resource.props,
    }));
    for (const violation of invariant.check(subjects)) {
      reportViolation(violation.message, violation.subject.urn);
    }
  },
}));

new PolicyPack("ssgbay", { policies });
