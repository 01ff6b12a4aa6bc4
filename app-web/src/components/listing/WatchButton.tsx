import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { useAuth } from "../../auth/AuthContext";
import { loginPath } from "../../auth/returnPath";
import { useI18n } from "../../i18n/i18n";
import styles from "./listing.module.css";

/** ♡ / ♥: puts the item on my watchlist or takes it off; guests are sent to log in first. */
export function WatchButton({ itemId, watchCount }: { itemId: number; watchCount: number }) {
  const { t, tCount } = useI18n();
  const { api, state } = useAuth();
  const location = useLocation();
  const [watching, setWatching] = useState<boolean | null>(null);
  const [count, setCount] = useState(watchCount);
  const [busy, setBusy] = useState(false);
  const signedIn = state.status === "signedIn";

  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    api.myWatchlist(controller.signal).then(
      ({ items }) => setWatching(items.some((item) => item.id === itemId)),
      () => {},
    );
    return () => controller.abort();
  }, [api, itemId, signedIn]);

  const counted = <span className={styles.watchCount}>{tCount("item.watchCount", count)}</span>;
  if (state.status === "signedOut")
    return (
      <Link className={styles.watch} to={loginPath(location.pathname)}>
        <span aria-hidden="true">♡</span> {t("item.loginToWatch")} {counted}
      </Link>
    );
  if (watching === null) return <span className={styles.watch}>{counted}</span>;

  const toggle = async () => {
    setBusy(true);
    try {
      if (watching) await api.unwatch(itemId);
      else await api.watch(itemId);
      setCount((current) => current + (watching ? -1 : 1));
      setWatching(!watching);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      className={styles.watch}
      aria-pressed={watching}
      disabled={busy}
      onClick={toggle}
    >
      <span aria-hidden="true">{watching ? "♥" : "♡"}</span>{" "}
      {watching ? t("item.unwatch") : t("item.watch")} {counted}
    </button>
  );
}
