// The logged-in user: loaded from /api/auth/session on start, set by the login page, cleared on logout.
// Pages under the layout can rely on useSession().user being present.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, ApiError, setCsrfToken } from "../api/client.ts";

export type Role = "admin" | "leader" | "deputy" | "staff" | "township" | "school" | "inspector" | "observer";

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  roleName: string;
  orgUnitId: number;
  orgUnit: { id: number; name: string; type: string };
  departmentIds: number[];
  mustChangePassword: boolean;
}

export interface MeResponse {
  csrfToken: string;
  user: SessionUser;
}

interface SessionState {
  status: "loading" | "anonymous" | "ready" | "error";
  user: SessionUser | null;
  csrfToken: string;
  error?: ApiError;
}

interface SessionValue extends SessionState {
  refresh(): Promise<void>;
  signIn(me: MeResponse): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading", user: null, csrfToken: "" });

  const refresh = useCallback(async () => {
    try {
      const me = await api.get<MeResponse | { csrfToken: null; user: null }>("/auth/session");
      if (!me.user) {
        setCsrfToken("");
        setState({ status: "anonymous", user: null, csrfToken: "" });
        return;
      }
      setCsrfToken(me.csrfToken);
      setState({ status: "ready", user: me.user, csrfToken: me.csrfToken });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setState({ status: "anonymous", user: null, csrfToken: "" });
      else setState({ status: "error", user: null, csrfToken: "", error: e instanceof ApiError ? e : undefined });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback((me: MeResponse) => {
    setCsrfToken(me.csrfToken);
    setState({ status: "ready", user: me.user, csrfToken: me.csrfToken });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post("/auth/logout");
    } catch {
      /* the session may already be gone */
    }
    setCsrfToken("");
    setState({ status: "anonymous", user: null, csrfToken: "" });
  }, []);

  /** A 401 from any call (expired session): forget the user; the router sends them to /login. */
  const expire = useCallback(() => setState({ status: "anonymous", user: null, csrfToken: "" }), []);
  useEffect(() => {
    window.addEventListener("luoshi:unauthorized", expire);
    return () => window.removeEventListener("luoshi:unauthorized", expire);
  }, [expire]);

  const value = useMemo(() => ({ ...state, refresh, signIn, signOut }), [state, refresh, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The full session state (login page, router guard). */
export function useSessionState(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error("useSessionState outside SessionProvider");
  return v;
}

/** The logged-in user; only under the authenticated layout. */
export function useSession(): {
  user: SessionUser;
  csrfToken: string;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
} {
  const v = useSessionState();
  if (!v.user) throw new Error("useSession without a logged-in user");
  return { user: v.user, csrfToken: v.csrfToken, refresh: v.refresh, signOut: v.signOut };
}
