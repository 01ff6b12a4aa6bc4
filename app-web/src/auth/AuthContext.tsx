import { sessionHintCookie, type User } from "@ssgbay/contract";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { useLocation, useNavigate } from "react-router";
import { type ApiEndpoints, apiEndpoints, type SignupInput } from "../api/endpoints";
import { loginPath } from "./returnPath";

type AuthState =
  | { status: "loading" }
  | { status: "signedOut" }
  | { status: "signedIn"; user: User };

interface AuthValue {
  state: AuthState;
  user: User | null;
  api: ApiEndpoints;
  login(username: string, password: string): Promise<User>;
  signup(input: SignupInput): Promise<User>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

/** Whether the API's session hint cookie is there: without it nobody is signed in. */
export function hasSessionHint(cookies: string = document.cookie): boolean {
  return cookies.split(/;\s*/).some((pair) => pair.startsWith(`${sessionHintCookie}=`));
}

/**
 * Who is signed in, as the API's cookies say (GET /api/auth/me, asked only when the session hint
 * cookie says a session may exist, so a guest's page load has no failing request). The app never
 * sees a token; when a signed-in call fails even after a silent refresh, we go to the login page
 * and back.
 */
export function AuthProvider({
  children,
  api = apiEndpoints,
}: {
  children: ReactNode;
  api?: ApiEndpoints;
}) {
  const [state, setState] = useState<AuthState>({ status: "loading" });
  const navigate = useNavigate();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;

  useEffect(() => {
    if (!hasSessionHint()) {
      setState({ status: "signedOut" });
      return;
    }
    const controller = new AbortController();
    api.me(controller.signal).then(
      ({ user }) => setState({ status: "signedIn", user }),
      () => {
        if (!controller.signal.aborted) setState({ status: "signedOut" });
      },
    );
    return () => controller.abort();
  }, [api]);

  useEffect(() => {
    api.client.onSessionExpired(() => {
      setState({ status: "signedOut" });
      navigate(loginPath(here), { replace: true });
    });
    return () => api.client.onSessionExpired(null);
  }, [api, navigate, here]);

  const login = useCallback(
    async (username: string, password: string) => {
      const { user } = await api.login(username, password);
      setState({ status: "signedIn", user });
      return user;
    },
    [api],
  );
  const signup = useCallback(
    async (input: SignupInput) => {
      const { user } = await api.signup(input);
      setState({ status: "signedIn", user });
      return user;
    },
    [api],
  );
  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setState({ status: "signedOut" });
    }
  }, [api]);

  const value = useMemo<AuthValue>(
    () => ({
      state,
      user: state.status === "signedIn" ? state.user : null,
      api,
      login,
      signup,
      logout,
    }),
    [state, api, login, signup, logout],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}
