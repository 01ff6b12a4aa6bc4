import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type {
  ErrorRequestHandler,
  Express,
  NextFunction,
  Request,
  RequestHandler,
  Response,
} from "express";

export interface FrontDoorParts {
  /** What every request gets first, whatever serves it (see `requestEdge`). */
  edge: RequestHandler;
  /** The contract's routes (see `contractDispatcher`); `next()` when the path is not one. */
  contract: RequestHandler;
  /** Answers an error a contract route raised. */
  errors: ErrorRequestHandler;
  /** Everything else: the API's docs, the probes, the web app, 404s. */
  rest: Express;
}

/**
 * The API's request listener. A request for one of the contract's routes is served straight
 * from the dispatcher's table, the Express app's router never walked: the dispatcher already is
 * the router for those paths, and the router's per-request and per-layer work was ~4% of a
 * request's CPU. Such a request still gets what Express's `app.handle` gives it before routing
 * (the app's request and response prototypes, `res.locals`), so handlers see Express's API.
 */
export function frontDoor({ edge, contract, errors, rest }: FrontDoorParts): RequestListener {
  const { request, response } = rest;
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    Object.setPrototypeOf(incoming, request);
    Object.setPrototypeOf(outgoing, response);
    const req = incoming as Request;
    const res = outgoing as Response;
    req.res = res;
    res.req = req;
    res.locals = Object.create(null);
    req.originalUrl = req.url;
    const failed: NextFunction = (error?: unknown) => {
      if (error === undefined || error === null) return;
      // An error once the answer has begun (a live stream): end the connection, as Express does.
      errors(error, req, res, () => res.destroy());
    };
    const routed: NextFunction = (error?: unknown) => {
      if (error !== undefined && error !== null) {
        failed(error);
        return;
      }
      rest(req, res);
    };
    edge(req, res, () => {
      try {
        contract(req, res, routed);
      } catch (error) {
        failed(error);
      }
    });
  };
}
