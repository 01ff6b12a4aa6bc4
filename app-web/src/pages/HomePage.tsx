import { itemCategories, itemSortOrders, itemStatusFilters } from "@ssgbay/contract";
import { Link, useSearchParams } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { Alert } from "../components/Alert";
import { EmptyState } from "../components/EmptyState";
import { ItemGridSkeleton } from "../components/ItemCard";
import { CardWatch } from "../components/listing/CardWatch";
import { useWatchlist } from "../components/listing/useWatchlist";
import { PagedItemGrid } from "../components/PagedItemGrid";
import { usePageTitle } from "../hooks/usePageTitle";
import { useResource } from "../hooks/useResource";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { formatInteger } from "../lib/number";
import { arrivedHomeListing, takeHomeListing } from "./firstListing";
import styles from "./HomePage.module.css";
import { homeItemQuery, homeListingKey, homeQuery, homePageSize as pageSize } from "./homeQuery";

export function Component() {
  const { t, locale } = useI18n();
  const { api, state } = useAuth();
  const watchlist = useWatchlist();
  const [params, setParams] = useSearchParams();
  const query = homeQuery(params);
  const { q, sort, status, category, page } = query;
  usePageTitle(q ? t("home.resultsFor", { q }) : null);

  const key = homeListingKey(query);
  const listing = useResource(
    key,
    (signal) => takeHomeListing(key) ?? api.listItems(homeItemQuery(query), signal),
    arrivedHomeListing(key),
  );

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) next.delete(name);
      else next.set(name, value);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next);
  };

  const pages = listing.data ? Math.max(1, Math.ceil(listing.data.total / pageSize)) : 1;
  // past the last page: say so, rather than "30 items" above an empty grid
  const outOfRange = listing.data !== undefined && listing.data.items.length === 0 && page > 1;
  const heading = q ? t("home.resultsFor", { q }) : t(`home.title.${status}`);

  return (
    <div className="container">
      <div className={styles.toolbar}>
        <div>
          <h1 className="page-title">{heading}</h1>
          <p className={styles.total} aria-live="polite">
            {listing.data && !outOfRange
              ? t("home.total", { count: formatInteger(listing.data.total, locale) })
              : "\u00a0"}
          </p>
        </div>
        <div className={styles.controls}>
          <fieldset className={styles.segmented}>
            <legend className="visually-hidden">{t("home.status")}</legend>
            {itemStatusFilters.map((value) => (
              <label
                key={value}
                className={value === status ? styles.segmentActive : styles.segment}
              >
                <input
                  type="radio"
                  name="status"
                  value={value}
                  checked={value === status}
                  onChange={() => update({ status: value === "open" ? null : value })}
                  className="visually-hidden"
                />
                {t(`home.status.${value}`)}
              </label>
            ))}
          </fieldset>
          <div className={styles.sort}>
            <label htmlFor="category">{t("home.category")}</label>
            <select
              id="category"
              value={category ?? ""}
              onChange={(event) => update({ category: event.target.value || null })}
            >
              <option value="">{t("home.category.all")}</option>
              {itemCategories.map((value) => (
                <option key={value} value={value}>
                  {t(`category.${value}`)}
                </option>
              ))}
            </select>
          </div>
          <div className={styles.sort}>
            <label htmlFor="sort">{t("home.sort")}</label>
            <select
              id="sort"
              value={sort}
              onChange={(event) =>
                update({ sort: event.target.value === "latest" ? null : event.target.value })
              }
            >
              {itemSortOrders.map((value) => (
                <option key={value} value={value}>
                  {t(`home.sort.${value}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>

      {listing.status === "failed" ? (
        <Alert kind="error">
          <p className={styles.errorText}>
            {t("home.error")} {errorMessage(listing.error, t, locale)}
          </p>
          <button type="button" className="button button-secondary" onClick={listing.reload}>
            {t("home.retry")}
          </button>
        </Alert>
      ) : listing.status === "loading" ? (
        <div aria-busy="true">
          <p className="visually-hidden" role="status">
            {t("nav.loading")}
          </p>
          <ItemGridSkeleton count={8} />
        </div>
      ) : outOfRange ? (
        <EmptyState title={t("home.pageOutOfRange", { page, pages })}>
          <div className={styles.emptyActions}>
            <button
              type="button"
              className="button button-primary"
              onClick={() => update({ page: null })}
            >
              {t("home.firstPage")}
            </button>
          </div>
        </EmptyState>
      ) : listing.data.items.length === 0 ? (
        <EmptyState title={t("home.empty")}>
          <p className={styles.hint}>{t("home.emptyHint")}</p>
          <div className={styles.emptyActions}>
            {q ? (
              <Link to="/" className="button button-secondary">
                {t("home.clearSearch")}
              </Link>
            ) : null}
            <Link to="/sell" className="button button-primary">
              {t("nav.sell")}
            </Link>
          </div>
        </EmptyState>
      ) : (
        <PagedItemGrid
          items={listing.data.items}
          label={heading}
          page={page}
          pages={pages}
          onPage={(next) => {
            update({ page: next === 1 ? null : String(next) });
            window.scrollTo({ top: 0 });
          }}
          corner={(item) =>
            item.status === "open" ? (
              <CardWatch
                itemId={item.id}
                title={item.title}
                watchlist={watchlist}
                signedOut={state.status === "signedOut"}
              />
            ) : null
          }
        />
      )}
    </div>
  );
}
