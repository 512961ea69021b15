// Fetch-on-render for a GET endpoint: data, error, loading and reload. A null path fetches nothing.
import { useCallback, useEffect, useState } from "react";
import { api, ApiError, type Query } from "../api/client.ts";

export function useApi<T>(
  path: string | null,
  query?: Record<string, unknown>,
): { data: T | undefined; error: ApiError | undefined; loading: boolean; reload: () => void } {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState<boolean>(path !== null);
  const [tick, setTick] = useState(0);
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    let live = true;
    setLoading(true);
    setError(undefined);
    api
      .get<T>(path, query as Query | undefined)
      .then((d) => {
        if (!live) return;
        setData(d);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setError(e instanceof ApiError ? e : new ApiError(0, "INTERNAL", String(e)));
        setLoading(false);
      });
    return () => {
      live = false;
    };
    // `key` captures path and query by value, so the effect re-runs when either changes
  }, [key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
