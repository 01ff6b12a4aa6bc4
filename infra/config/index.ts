// The stack config: every `ssgbay:<key>` the program reads, validated once before any resource.

export type { ImagesConfig } from "./images.js";
export { loadStackConfig, parseStackConfig, rawStackConfig } from "./load.js";
export { PROJECT, StackConfigError } from "./problems.js";
export type { ContainerResources } from "./rules.js";
export { digestRefSchema } from "./rules.js";
export type { StackConfig } from "./stack.js";
export type { ManagedTarget, NfsConfig, VagrantTarget } from "./targets.js";
