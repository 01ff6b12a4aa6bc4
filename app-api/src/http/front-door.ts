import {
  IncomingMessage,
  type RequestListener,
  type ServerOptions,
  ServerResponse,
} from "node:http";
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
    // Born an Express request and response on a server made with `expressServerOptions`.
    if (!Object.prototype.isPrototypeOf.call(request, incoming)) {
      Object.setPrototypeOf(incoming, request);
      Object.setPrototypeOf(outgoing, response);
    }
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

/**
 * Options for `http.createServer` under which Node makes each request and response an instance
 * of the app's Express request and response from the start, so the front door need not change
 * their prototypes (~1% of a request's CPU, and objects whose shape stays the one they were
 * built with).
 */
export function expressServerOptions(app: Express): ServerOptions {
  class ExpressRequest extends IncomingMessage {}
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  class ExpressResponse<
    Request extends IncomingMessage = IncomingMessage,
  > extends ServerResponse<Request> {}
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  return { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse };
}
