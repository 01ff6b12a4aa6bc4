#!/usr/bin/env node
import { databaseConfigFromEnv, runCli } from "../env.js";
import { migrate } from "../migrate.js";

await runCli(async () => {
  const config = databaseConfigFromEnv(process.env);
  const started = performance.now();
  const result = await migrate(config, {
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`${JSON.stringify({ ...result, ms })}\n`);
});
