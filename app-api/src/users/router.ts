import { afterSaleRoutes as routes } from "@ssgbay/contract";
import type { Router } from "express";
import type { Pool } from "mysql2/promise";
import { HttpError } from "../http/errors.js";
import { contractRouter } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import { findPublicProfile } from "./repository.js";

export function usersRouter(pool: Pool): Router {
  const { router, on } = contractRouter();
  on(routes.userProfile, async (req, res) => {
    const { id } = parseRequest(routes.userProfile.params, req.params, "params");
    const user = await findPublicProfile(pool, id);
    if (!user) throw new HttpError("NOT_FOUND", "No such user.");
    res.json({ user });
  });
  return router;
}
