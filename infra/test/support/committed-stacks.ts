import { fakeDigestRef } from "./mock-cluster.js";
import { type ProgramRun, runProgram } from "./run-program.js";
import { readStackConfig, type StackName } from "./stack-files.js";

/** The digests each stack's previous stack exported after its last `pulumi up`. */
export const PROMOTED_IMAGES = {
  staging: {
    api: fakeDigestRef("ghcr.io/ssgbay/ssgbay/api-tested"),
    web: fakeDigestRef("ghcr.io/ssgbay/ssgbay/web-tested"),
    settler: fakeDigestRef("ghcr.io/ssgbay/ssgbay/settler-tested"),
    backup: fakeDigestRef("ghcr.io/ssgbay/ssgbay/backup-tested"),
  },
  prod: {
    api: fakeDigestRef("ghcr.io/ssgbay/ssgbay/api-staged"),
    web: fakeDigestRef("ghcr.io/ssgbay/ssgbay/web-staged"),
    settler: fakeDigestRef("ghcr.io/ssgbay/ssgbay/settler-staged"),
    backup: fakeDigestRef("ghcr.io/ssgbay/ssgbay/backup-staged"),
  },
} as const;

/** What the stack before `stack` in the promotion chain exported, keyed as StackReference reads it. */
export function promotedStackOutputs(stack: StackName): Record<string, { images: object }> {
  switch (stack) {
    case "dev":
      return {};
    case "staging":
      return { "organization/ssgbay/dev": { images: PROMOTED_IMAGES.staging } };
    case "prod":
      return { "organization/ssgbay/staging": { images: PROMOTED_IMAGES.prod } };
  }
}

// What `pulumi config set --secret registryPassword …` adds to dev; never in the stack file.
export const DEV_SECRETS = { "ssgbay:registryPassword": "registry-token-for-tests" };

/** Runs the program with a committed stack file, as `pulumi up -s <stack>` would. */
export function runCommittedStack(stack: StackName): Promise<ProgramRun> {
  switch (stack) {
    case "dev":
      return runProgram(
        "dev",
        { ...readStackConfig("dev"), ...DEV_SECRETS },
        { secretKeys: Object.keys(DEV_SECRETS) },
      );
    case "staging":
    case "prod":
      return runProgram(stack, readStackConfig(stack), {
        stackOutputs: promotedStackOutputs(stack),
      });
  }
}
