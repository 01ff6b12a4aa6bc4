import { mkdir } from "node:fs/promises";
import type { RequestListener, ServerOptions } from "node:http";
import { createPool } from "@ssgbay/database";
import express, { type Express } from "express";
import type { Pool } from "mysql2/promise";
import swaggerUi from "swagger-ui-express";
import { provideTokenVersions } from "./auth/middleware.js";
import { createPasswordHasher } from "./auth/password.js";
import { authRoutes } from "./auth/router.js";
import { createAuthService } from "./auth/service.js";
import { jwtKeyOf } from "./auth/tokens.js";
import { bidsRoutes } from "./bids/router.js";
import { createBidsService } from "./bids/service.js";
import type { ApiConfig } from "./config.js";
import { createEventHub } from "./events/hub.js";
import { createStreamLimiter } from "./events/limits.js";
import { eventsRoutes } from "./events/router.js";
import { requestEdge } from "./http/edge.js";
import { errorHandler, notFoundHandler } from "./http/errors.js";
import { expressServerOptions, frontDoor } from "./http/front-door.js";
import { useApiResponses } from "./http/response-head.js";
import { contractDispatcher } from "./http/routes.js";
import { refuseCrossSiteWrites } from "./http/security.js";
import { imagesRoutes } from "./images/router.js";
import { createImageStore } from "./images/storage.js";
import { itemsRoutes } from "./items/router.js";
import { createItemsService } from "./items/service.js";
import { accessLog, createLogger } from "./logging.js";
import { meRoutes } from "./me/router.js";
import { notificationsRoutes } from "./notifications/router.js";
import { createUserEventHub } from "./notifications/stream.js";
import { buildOpenApiDocument } from "./openapi/document.js";
import { createMetrics } from "./ops/metrics.js";
import { createMetricsApp } from "./ops/metrics-app.js";
import { opsRouter } from "./ops/router.js";
import { salesRoutes } from "./sales/router.js";
import { createSalesService } from "./sales/service.js";
import { usersRoutes } from "./users/router.js";
import { webAppRouter } from "./web/static.js";

export interface ApiApp {
  /** The whole public API, for `http.createServer` (or supertest). */
  handler: RequestListener;
  /** Options for \`http.createServer\` that make \`handler\` cheaper per request (see front-door.ts). */
  serverOptions: ServerOptions;
  /** `/metrics` only, for its own port (METRICS_PORT); the public `app` does not serve it. */
  metricsApp: Express;
  pool: Pool;
  /** Ends live event streams now (first step of a graceful shutdown). */
  endStreams(): void;
  /** Ends live event streams and closes the database pool. */
  close(): Promise<void>;
}

const JSON_BODY_LIMIT = "16kb";

/** Builds the whole API on its own pool; the caller decides whether and where to listen. */
export async function createApi(config: ApiConfig): Promise<ApiApp> {
  const logger = createLogger(config.logLevel);
  const images = await createImageStore(config.uploadDir);
  await mkdir(config.uploadDir, { recursive: true });
  const webApp = config.webDist === undefined ? undefined : webAppRouter(config.webDist);
  const pool = createPool(config.database);
  const streams = createStreamLimiter(config.eventStreamLimits);
  const metrics = createMetrics(pool, config.database.poolSize, streams);
  const hub = createEventHub(
    pool,
    { pollMs: config.eventsPollMs, heartbeatMs: config.eventsHeartbeatMs },
    logger,
  );
  const userEvents = createUserEventHub(
    pool,
    { pollMs: config.eventsPollMs, heartbeatMs: config.eventsHeartbeatMs },
    logger,
  );
  const openApiDocument = buildOpenApiDocument();
  const jwtKey = jwtKeyOf(config.jwtSecret);

  const bids = createBidsService(pool, {
    antiSnipingSeconds: config.antiSnipingSeconds,
    onOutcome: metrics.recordBid,
    onAccepted: (itemId) => {
      hub.nudge(itemId);
      userEvents.nudge();
    },
  });

  const app = express();
  app.disable("x-powered-by");
  // API answers are small and rarely repeated: hashing each body for an ETag cost CPU for nothing.
  app.set("etag", false);
  app.set("trust proxy", config.trustProxy);
  app.set("query parser", "simple");
  useApiResponses(app);
  const edge = requestEdge({ log: accessLog(logger), recordRequest: metrics.recordRequest });

  // Every module's routes, at the paths of the contract's route table, served from one table.
  const contract = contractDispatcher(
    [
      ...authRoutes({
        service: createAuthService(pool, jwtKey, createPasswordHasher(config.passwordHashing)),
        jwtKey,
        cookieSecure: config.cookieSecure,
        attemptsPerMinute: config.authRateLimitPerMinute,
      }),
      ...itemsRoutes(
        createItemsService(pool, images, config.maxImagePixels, hub.nudge),
        pool,
        jwtKey,
      ),
      ...bidsRoutes(bids, jwtKey),
      ...eventsRoutes(pool, hub, streams),
      ...imagesRoutes(images),
      ...meRoutes(pool, jwtKey),
      ...notificationsRoutes(pool, userEvents, streams, jwtKey),
      ...salesRoutes(createSalesService(pool, { onMessage: userEvents.nudge }), jwtKey),
      ...usersRoutes(pool),
    ],
    {
      before: [refuseCrossSiteWrites, provideTokenVersions(pool)],
      jsonBody: express.json({ limit: JSON_BODY_LIMIT, strict: true }),
    },
  );
  // The rest of /api: the API's own description, and 404 for any path the table does not have.
  const api = express.Router();
  api.use(refuseCrossSiteWrites);
  api.get("/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });
  api.use("/docs", swaggerUi.serve, swaggerUi.setup(openApiDocument));
  api.use(notFoundHandler);
  app.use("/api", api);
  // The probes after /api, so that API requests do not walk their router first.
  app.use(opsRouter(pool));

  if (webApp) app.use(webApp);
  app.use(notFoundHandler);
  const errors = errorHandler(logger);
  app.use(errors);

  let closed = false;
  return {
    handler: frontDoor({ edge, contract, errors, rest: app }),
    serverOptions: expressServerOptions(app),
    metricsApp: createMetricsApp(metrics.registry),
    pool,
    endStreams: () => {
      hub.close();
      userEvents.close();
    },
    async close() {
      if (closed) return;
      closed = true;
      hub.close();
      userEvents.close();
      await pool.end();
    },
  };
}
