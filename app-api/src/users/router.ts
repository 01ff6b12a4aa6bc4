import { afterSaleRoutes as routes } from "@ssgbay/contract";
import type { Pool } from "mysql2/promise";
import { HttpError } from "../http/errors.js";
import { contractRoutes, type ServedRoute } from "../http/routes.js";
import { parseRequest } from "../http/validate.js";
import { findPublicProfile } from "./repository.js";

export function usersRoutes(pool: Pool): ServedRoute[] {
  const { served, on } = contractRoutes();
  on(routes.userProfile, async (req, res) => {
    const { id } = parseRequest(routes.userProfile.params, req.params, "params");
    const user = await findPublicProfile(pool, id);
    if (!user) throw new HttpError("NOT_FOUND", "No such user.");
    res.json({ user });
  });
  return served;
}
