import { runCommittedStack } from "./support/committed-stacks.js";
import { fakeDigestRef } from "./support/mock-cluster.js";
import { describeStackInvariants } from "./support/stack-invariants.js";

describeStackInvariants(
  "stack dev (Pulumi.dev.yaml: vagrant, builds and pushes images)",
  () => runCommittedStack("dev"),
  {
    target: "vagrant",
    webUrl: "http://10.0.0.200",
    extraObjects: [
      "Namespace metallb-system",
      "Namespace ssgbay-nfs-dev",
      "Deployment ssgbay-nfs-dev/nfs-server",
      "Service ssgbay-nfs-dev/nfs-server",
      "NetworkPolicy ssgbay-nfs-dev/nodes-only",
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
      "random:index/randomPassword:RandomPassword": 4,
    },
    expectedImages: {
      api: fakeDigestRef("ghcr.io/ssgbay/ssgbay/api"),
      web: fakeDigestRef("ghcr.io/ssgbay/ssgbay/web"),
      settler: fakeDigestRef("ghcr.io/ssgbay/ssgbay/settler"),
      backup: fakeDigestRef("ghcr.io/ssgbay/ssgbay/backup"),
    },
  },
);
