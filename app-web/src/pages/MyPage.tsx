import type { ItemSummary, MyBid, MyPurchase } from "@ssgbay/contract";
import { type KeyboardEvent, useRef } from "react";
import { Link, useLocation, useSearchParams } from "react-router";
import type { ApiEndpoints } from "../api/endpoints";
import { useAuth } from "../auth/AuthContext";
import { Alert } from "../components/Alert";
import { EmptyState } from "../components/EmptyState";
import { ItemCard, ItemGrid, ItemGridCell, ItemGridSkeleton } from "../components/ItemCard";
import { usePageTitle } from "../hooks/usePageTitle";
import { useResource } from "../hooks/useResource";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/ko";
import { errorMessage } from "../lib/errorMessage";
import { formatWon } from "../lib/money";
import { formatDateTime } from "../lib/time";
import styles from "./MyPage.module.css";

const tabs = ["listings", "bids", "purchases", "watchlist"] as const;
type Tab = (typeof tabs)[number];

const tabLabels: Record<Tab, MessageKey> = {
  listings: "my.listings",
  bids: "my.bids",
  purchases: "my.purchases",
  watchlist: "my.watchlist",
};

export function Component() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const deleted = (location.state as { deleted?: unknown } | null)?.deleted;
  const tab = tabs.find((name) => name === params.get("tab")) ?? "listings";
  usePageTitle(t("my.title"));
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({
    listings: null,
    bids: null,
    purchases: null,
    watchlist: null,
  });

  const select = (next: Tab) =>
    setParams(next === "listings" ? {} : { tab: next }, { replace: true });

  // arrow keys move between tabs, as the ARIA tabs pattern expects
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.indexOf(tab);
    const offset = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    let next: Tab | undefined;
    if (offset) next = tabs[(index + offset + tabs.length) % tabs.length];
    if (event.key === "Home") next = tabs[0];
    if (event.key === "End") next = tabs[tabs.length - 1];
    if (!next) return;
    event.preventDefault();
    select(next);
    tabRefs.current[next]?.focus();
  };

  return (
    <div className="container">
      <h1 className="page-title">{t("my.title")}</h1>
      {typeof deleted === "string" ? <Alert kind="success">{t("item.deleted")}</Alert> : null}
      <div role="tablist" aria-label={t("my.tabs")} className={styles.tabs} onKeyDown={onKeyDown}>
        {tabs.map((name) => (
          <button
            key={name}
            ref={(element) => {
              tabRefs.current[name] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={name === tab}
            aria-controls={`panel-${name}`}
            tabIndex={name === tab ? 0 : -1}
            className={name === tab ? styles.tabActive : styles.tab}
            onClick={() => select(name)}
          >
            {t(tabLabels[name])}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`panel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        className={styles.panel}
      >
        {tab === "listings" ? (
          <Listings />
        ) : tab === "bids" ? (
          <Bids />
        ) : tab === "purchases" ? (
          <Purchases />
        ) : (
          <Watchlist />
        )}
      </div>
    </div>
  );
}

function useMine<T extends ItemSummary>(
  name: Tab,
  load: (api: ApiEndpoints, signal: AbortSignal) => Promise<{ items: T[] }>,
) {
  const { api } = useAuth();
  return useResource(name, (signal) => load(api, signal));
}

function TabBody<T extends ItemSummary>({
  resource,
  emptyKey,
  extra,
  emptyAction,
}: {
  resource: ReturnType<typeof useMine<T>>;
  emptyKey: MessageKey;
  extra?: (item: T) => React.ReactNode;
  emptyAction?: React.ReactNode;
}) {
  const { t, locale } = useI18n();
  if (resource.status === "loading") return <ItemGridSkeleton count={4} />;
  if (resource.status === "failed")
    return (
      <Alert kind="error">
        {errorMessage(resource.error, t, locale)}{" "}
        <button type="button" className="button button-secondary" onClick={resource.reload}>
          {t("home.retry")}
        </button>
      </Alert>
    );
  if (resource.data.items.length === 0)
    return <EmptyState title={t(emptyKey)}>{emptyAction}</EmptyState>;
  return (
    <ItemGrid>
      {resource.data.items.map((item) => (
        <ItemGridCell key={item.id}>
          <ItemCard item={item} extra={extra?.(item)} />
        </ItemGridCell>
      ))}
    </ItemGrid>
  );
}

function Listings() {
  const { t } = useI18n();
  const resource = useMine("listings", (api, signal) => api.myItems(signal));
  return (
    <TabBody
      resource={resource}
      emptyKey="my.emptyListings"
      emptyAction={
        <Link to="/sell" className="button button-primary">
          {t("my.sellFirst")}
        </Link>
      }
    />
  );
}

function Bids() {
  const { t, locale } = useI18n();
  const resource = useMine<MyBid>("bids", (api, signal) => api.myBids(signal));
  return (
    <TabBody
      resource={resource}
      emptyKey="my.emptyBids"
      extra={(item) => (
        <span className={styles.bidLine}>
          <span className={item.leading ? styles.leading : styles.outbid}>
            {t(bidOutcomeKey(item))}
          </span>
          <span>{t("my.myMaxBid", { amount: formatWon(item.myMaxBid, locale) })}</span>
        </span>
      )}
    />
  );
}

function bidOutcomeKey(item: MyBid): MessageKey {
  if (item.status === "open") return item.leading ? "my.leading" : "my.outbid";
  return item.leading && item.status === "sold" ? "my.won" : "my.lost";
}

function Purchases() {
  const { t, locale } = useI18n();
  const resource = useMine<MyPurchase>("purchases", (api, signal) => api.myPurchases(signal));
  return (
    <TabBody
      resource={resource}
      emptyKey="my.emptyPurchases"
      extra={(item) => (
        <span className={styles.bidLine} data-testid="purchase">
          <strong>{t("my.finalPrice", { amount: formatWon(item.finalPrice, locale) })}</strong>
          <span>{t("my.settledAt", { date: formatDateTime(item.settledAt, locale) })}</span>
        </span>
      )}
    />
  );
}

function Watchlist() {
  const resource = useMine("watchlist", (api, signal) => api.myWatchlist(signal));
  return <TabBody resource={resource} emptyKey="my.emptyWatchlist" />;
}
