import { fakeDigestRef } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig } from "./support/stack-files.js";
import { describeStackInvariants } from "./support/stack-invariants.js";

// What `pulumi config set --secret registryPassword …` adds; never in the stack file.
const secrets = { "ssgbay:registryPassword": "registry-token-for-tests" };

describeStackInvariants(
  "stack dev (Pulumi.dev.yaml: vagrant, builds and pushes images)",
  () =>
    runProgram(
      "dev",
      { ...readStackConfig("dev"), ...secrets },
      {
        secretKeys: Object.keys(secrets),
      },
    ),
  {
    target: "vagrant",
    webUrl: "http://10.0.0.200",
    extraObjects: [
      "Namespace metallb-system",
      "Namespace ssgbay-nfs-dev",
      "Deployment ssgbay-nfs-dev/nfs-server",
      "Service ssgbay-nfs-dev/nfs-server",
      "IPAddressPool metallb-system/ssgbay-dev",
      "L2Advertisement metallb-system/ssgbay-dev",
      "Secret ssgbay/registry-credentials",
    ],
    otherResources: {
      "pulumi:providers:kubernetes": 1,
      "kubernetes:helm.sh/v3:Release": 1,
      "docker-build:index:Image": 4,
      // This stack's own previous run (claim-guard.ts).
      "pulumi:pulumi:StackReference": 1,
      "random:index/randomPassword:RandomPassword": 3,
    },
    expectedImages: {
      api: fakeDigestRef("ghcr.io/ssgbay/ssgbay/api"),
      web: fakeDigestRef("ghcr.io/ssgbay/ssgbay/web"),
      settler: fakeDigestRef("ghcr.io/ssgbay/ssgbay/settler"),
      backup: fakeDigestRef("ghcr.io/ssgbay/ssgbay/backup"),
    },
  },
);
