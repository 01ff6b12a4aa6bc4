import { parseStackConfig, rawStackConfig, StackConfigError } from "../../config/index.js";
import { fakeDigestRef } from "./mock-cluster.js";

/** `ssgbay:images` given as digest refs: no Docker build, no other stack to read. */
export const REF_IMAGES = {
  source: "refs",
  api: fakeDigestRef("r.local/api"),
  web: fakeDigestRef("r.local/web"),
  settler: fakeDigestRef("r.local/settler"),
  backup: fakeDigestRef("r.local/backup"),
} as const;

/** The `ssgbay:<key>: <rule>` lines a config (as the CLI hands it over) is refused with; [] if valid. */
export function configProblems(config: Record<string, string>): string[] {
  const { values, problems } = rawStackConfig(config);
  try {
    parseStackConfig(values, problems);
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  return problems;
}
