#!/usr/bin/env node
import { runCli } from "../env.js";
// Starts a private MySQL-compatible server for local work and prints its URL; Ctrl-C removes it.
import { startEphemeralServer } from "../ephemeral.js";

await runCli(async () => {
  const server = await startEphemeralServer();
  process.stdout.write(`${JSON.stringify({ url: server.url, pid: server.pid })}\n`);
  await new Promise<never>(() => {
    // Runs until SIGINT/SIGTERM; the launcher's own handlers stop the server and delete its files.
  });
});
