import type { TestProject } from "vitest/node";
import { startEphemeralServer } from "../src/ephemeral.js";

/**
 * One database server for the whole test run: the one in DATABASE_URL when set (its user must
 * be allowed to create databases), otherwise a private server started from binaries on PATH.
 */
export default async function setup(project: TestProject) {
  const given = process.env.DATABASE_URL;
  if (given) {
    project.provide("databaseServerUrl", given);
    return;
  }
  const server = await startEphemeralServer();
  project.provide("databaseServerUrl", server.url);
  return async () => {
    await server.stop();
  };
}
