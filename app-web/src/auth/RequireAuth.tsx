import { Navigate, Outlet, useLocation } from "react-router";
import { PageLoading } from "../components/PageLoading";
import { useAuth } from "./AuthContext";
import { loginPath } from "./returnPath";

/** Routes below this one need an account: visitors go to the login page and come back. */
export function RequireAuth() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === "loading") return <PageLoading />;
  if (state.status === "signedOut")
    return <Navigate to={loginPath(`${location.pathname}${location.search}`)} replace />;
  return <Outlet />;
}
