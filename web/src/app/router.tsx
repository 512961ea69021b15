// Routes of the web app. Every page is its own chunk (React.lazy), a default export of
// web/src/pages/<name>/index.tsx. /login is outside the layout; everything else needs a session.
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { createBrowserRouter, Navigate, Outlet, useLocation } from "react-router";
import { ApiError } from "../api/client.ts";
import { PageState } from "../components/page-state.tsx";
import { useLocale } from "./i18n.tsx";
import { AppLayout } from "./layout.tsx";
import { mayOpen } from "./menus.tsx";
import { useSessionState } from "./session.tsx";

const page = (load: () => Promise<{ default: ComponentType }>): LazyExoticComponent<ComponentType> => lazy(load);

const Login = page(() => import("../pages/login/index.tsx"));
const Home = page(() => import("../pages/home/index.tsx"));
const Account = page(() => import("../pages/account/index.tsx"));
const Import = page(() => import("../pages/import/index.tsx"));
const AdminOrgs = page(() => import("../pages/admin/orgs.tsx"));
const AdminUsers = page(() => import("../pages/admin/users.tsx"));
const Plans = page(() => import("../pages/plans/index.tsx"));
const Plan = page(() => import("../pages/plan/index.tsx"));
const Task = page(() => import("../pages/task/index.tsx"));
const Supervision = page(() => import("../pages/supervision/index.tsx"));
const Dashboard = page(() => import("../pages/dashboard/index.tsx"));
const Registry = page(() => import("../pages/registry/index.tsx"));
const DataRounds = page(() => import("../pages/data/rounds.tsx"));
const DataRound = page(() => import("../pages/data/round.tsx"));
const DataEntry = page(() => import("../pages/data/entry.tsx"));
const Indicators = page(() => import("../pages/indicators/index.tsx"));
const NotFound = page(() => import("../pages/home/not-found.tsx"));

function Lazy({ component: C }: { component: LazyExoticComponent<ComponentType> }) {
  return (
    <Suspense fallback={<PageState loading />}>
      <C />
    </Suspense>
  );
}

/** Requires a session; sends a must-change-password user to /account; hides pages the role may not use. */
function Guard() {
  const s = useSessionState();
  const location = useLocation();
  if (s.status === "loading") return <PageState loading />;
  if (s.status === "error")
    return <PageState error={s.error ?? new Error("session")} onRetry={() => void s.refresh()} />;
  if (!s.user) {
    const next = location.pathname + location.search;
    return <Navigate to={next && next !== "/" ? `/login?next=${encodeURIComponent(next)}` : "/login"} replace />;
  }
  if (s.user.mustChangePassword && location.pathname !== "/account")
    return <Navigate to="/account?required=1" replace />;
  return <AppLayout>{mayOpen(s.user.role, location.pathname) ? <Outlet /> : <Forbidden />}</AppLayout>;
}

function Forbidden() {
  const { locale } = useLocale();
  return (
    <PageState
      error={new ApiError(403, "FORBIDDEN", locale === "en" ? "you may not do this" : "您没有执行此操作的权限")}
    />
  );
}

export const router = createBrowserRouter([
  { path: "/login", element: <Lazy component={Login} /> },
  {
    element: <Guard />,
    children: [
      { path: "/", element: <Lazy component={Home} /> },
      { path: "/account", element: <Lazy component={Account} /> },
      { path: "/import", element: <Lazy component={Import} /> },
      { path: "/import/:draftId", element: <Lazy component={Import} /> },
      { path: "/admin", element: <Navigate to="/admin/orgs" replace /> },
      { path: "/admin/orgs", element: <Lazy component={AdminOrgs} /> },
      { path: "/admin/users", element: <Lazy component={AdminUsers} /> },
      { path: "/plans", element: <Lazy component={Plans} /> },
      { path: "/plans/:planId", element: <Lazy component={Plan} /> },
      { path: "/tasks/:taskId", element: <Lazy component={Task} /> },
      { path: "/supervision", element: <Lazy component={Supervision} /> },
      { path: "/dashboard", element: <Lazy component={Dashboard} /> },
      { path: "/registry", element: <Lazy component={Registry} /> },
      { path: "/data", element: <Navigate to="/data/rounds" replace /> },
      { path: "/data/rounds", element: <Lazy component={DataRounds} /> },
      { path: "/data/rounds/:roundId", element: <Lazy component={DataRound} /> },
      { path: "/data/rounds/:roundId/units/:unitId", element: <Lazy component={DataEntry} /> },
      { path: "/indicators", element: <Lazy component={Indicators} /> },
      { path: "*", element: <Lazy component={NotFound} /> },
    ],
  },
]);
