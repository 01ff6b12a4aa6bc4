import { PROMOTED_IMAGES, runCommittedStack } from "./support/committed-stacks.js";
import { describeStackInvariants } from "./support/stack-invariants.js";

describeStackInvariants(
  "stack prod (Pulumi.prod.yaml: managed, images promoted from staging)",
  () => runCommittedStack("prod"),
  {
    target: "managed",
    webUrl: "https://lb.example.test",
    // prod autoscales API and web (Pulumi.prod.yaml); ssgbay:tls certManager: the web's
    // certificate from the cluster's issuer.
    extraObjects: [
      "HorizontalPodAutoscaler ssgbay/api",
      "HorizontalPodAutoscaler ssgbay/web",
      "Certificate ssgbay/web",
    ],
    otherResources: {
      "pulumi:providers:kubernetes": 1,
      // The images of the previous stack, and this stack's own previous run (claim-guard.ts).
      "pulumi:pulumi:StackReference": 2,
      "random:index/randomPassword:RandomPassword": 4,
    },
    expectedImages: PROMOTED_IMAGES.prod,
  },
);
