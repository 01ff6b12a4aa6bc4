import { fakeDigestRef } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig } from "./support/stack-files.js";
import { describeStackInvariants } from "./support/stack-invariants.js";

/** What the staging stack exported after its last `pulumi up`. */
const stagingImages = {
  api: fakeDigestRef("ghcr.io/ssgbay/ssgbay/api-staged"),
  web: fakeDigestRef("ghcr.io/ssgbay/ssgbay/web-staged"),
  settler: fakeDigestRef("ghcr.io/ssgbay/ssgbay/settler-staged"),
};

describeStackInvariants(
  "stack prod (Pulumi.prod.yaml: managed, images promoted from staging)",
  () =>
    runProgram("prod", readStackConfig("prod"), {
      stackOutputs: { "organization/ssgbay/staging": { images: stagingImages } },
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
    expectedImages: stagingImages,
  },
);
