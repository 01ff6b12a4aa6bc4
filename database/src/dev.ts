// `@ssgbay/database/dev`: what local runs, tests and the bench need besides production code:
// a private server launcher and the demo data.

export { demoUsers } from "./demo/catalog.js";
export { demoPng } from "./demo/png.js";
export {
  DEMO_PASSWORD,
  type SeedDependencies,
  type SeedResult,
  seedDemoData,
} from "./demo/seed.js";
export {
  type EphemeralServer,
  type EphemeralServerOptions,
  NO_SERVER_HINT,
  NoServerBinaryError,
  startEphemeralServer,
} from "./ephemeral.js";
