import { fakeDigestRef } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig } from "./support/stack-files.js";
import { describeStackInvariants } from "./support/stack-invariants.js";

/** What the dev stack exported after its last `pulumi up`. */
const devImages = {
  api: fakeDigestRef("ghcr.io/ssgbay/ssgbay/api-tested"),
  web: fakeDigestRef("ghcr.io/ssgbay/ssgbay/web-tested"),
  settler: fakeDigestRef("ghcr.io/ssgbay/ssgbay/settler-tested"),
};

describeStackInvariants(
  "stack staging (Pulumi.staging.yaml: managed, images promoted from dev)",
  () =>
    runProgram("staging", readStackConfig("staging"), {
      stackOutputs: { "organization/ssgbay/dev": { images: devImages } },
    }),
  {
    target: "managed",
    webUrl: "https://lb.example.test",
    // ssgbay:tls certManager: the web's certificate from the cluster's issuer
    extraObjects: ["Certificate ssgbay/web"],
    otherResources: {
      "pulumi:providers:kubernetes": 1,
      // The images of the previous stack, and this stack's own previous run (claim-guard.ts).
      "pulumi:pulumi:StackReference": 2,
      "random:index/randomPassword:RandomPassword": 3,
    },
    expectedImages: devImages,
  },
);
