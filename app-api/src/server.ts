import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { runCli } from "@ssgbay/database";
import { createApi } from "./app.js";
import { loadApiConfig } from "./config.js";
import { createLogger } from "./logging.js";

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Stops accepting connections, ends live streams, lets in-flight requests finish for up to
 * 10 s, then closes whatever is left and the database pool.
 */
async function shutDown(
  server: Server,
  metricsServer: Server,
  api: Awaited<ReturnType<typeof createApi>>,
) {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  metricsServer.close();
  metricsServer.closeAllConnections();
  api.endStreams();
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, SHUTDOWN_GRACE_MS);
  });
  await Promise.race([closed, deadline]);
  clearTimeout(timer);
  await api.close();
}

function boundPort(server: Server, configured: number): number {
  const address = server.address();
  return typeof address === "object" && address ? address.port : configured;
}

await runCli(async () => {
  const config = loadApiConfig(process.env);
  const logger = createLogger(config.logLevel);
  const api = await createApi(config);
  const server = createServer(api.serverOptions, api.handler).listen(config.port, config.host);
  const metricsServer = api.metricsApp.listen(config.metricsPort, config.host);
  await Promise.all([once(server, "listening"), once(metricsServer, "listening")]);
  const port = boundPort(server, config.port);
  const metricsPort = boundPort(metricsServer, config.metricsPort);
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  logger.info(
    {
      url: `http://${shownHost}:${port}`,
      port,
      metricsUrl: `http://${shownHost}:${metricsPort}/metrics`,
      metricsPort,
    },
    "SSGBay API listening",
  );

  const stop = new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGTERM", () => resolve("SIGTERM"));
    process.once("SIGINT", () => resolve("SIGINT"));
  });
  const signal = await stop;
  logger.info({ signal }, "shutting down");
  await shutDown(server, metricsServer, api);
  logger.info("stopped");
});
