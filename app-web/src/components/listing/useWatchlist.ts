import { useCallback, useEffect, useState } from "react";
import { useAuth } from "../../auth/AuthContext";

export interface Watchlist {
  /** The ids on my watchlist; null while unknown (signed out, or still loading). */
  watched: ReadonlySet<number> | null;
  /** Puts the item on or takes it off; resolves to whether I watch it now. */
  toggle(itemId: number): Promise<boolean>;
}

/** The signed-in user's watchlist (♡), read once per page and kept in step with each toggle. */
export function useWatchlist(): Watchlist {
  const { api, state } = useAuth();
  const signedIn = state.status === "signedIn";
  const [watched, setWatched] = useState<ReadonlySet<number> | null>(null);

  useEffect(() => {
    if (!signedIn) {
      setWatched(null);
      return;
    }
    const controller = new AbortController();
    api.myWatchlist(controller.signal).then(
      ({ items }) => setWatched(new Set(items.map((item) => item.id))),
      () => {},
    );
    return () => controller.abort();
  }, [api, signedIn]);

  const toggle = useCallback(
    async (itemId: number) => {
      const now = !watched?.has(itemId);
      if (now) await api.watch(itemId);
      else await api.unwatch(itemId);
      setWatched((current) => {
        const next = new Set(current);
        if (now) next.add(itemId);
        else next.delete(itemId);
        return next;
      });
      return now;
    },
    [api, watched],
  );
  return { watched, toggle };
}
