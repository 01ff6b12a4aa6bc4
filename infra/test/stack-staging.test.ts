import { PROMOTED_IMAGES, runCommittedStack } from "./support/committed-stacks.js";
import { describeStackInvariants } from "./support/stack-invariants.js";

describeStackInvariants(
  "stack staging (Pulumi.staging.yaml: managed, images promoted from dev)",
  () => runCommittedStack("staging"),
  {
    target: "managed",
    webUrl: "https://lb.example.test",
    // ssgbay:tls certManager: the web's certificate from the cluster's issuer
    extraObjects: ["Certificate ssgbay/web"],
    otherResources: {
      "pulumi:providers:kubernetes": 1,
      // The images of the previous stack, and this stack's own previous run (claim-guard.ts).
      "pulumi:pulumi:StackReference": 2,
      "random:index/randomPassword:RandomPassword": 4,
    },
    expectedImages: PROMOTED_IMAGES.staging,
  },
);
