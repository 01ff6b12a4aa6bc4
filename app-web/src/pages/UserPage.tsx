import { limits, type RatingsSummary } from "@ssgbay/contract";
import { useParams, useSearchParams } from "react-router";
import { useAfterSaleApi } from "../afterSale/endpoints";
import { isApiCallError } from "../api/errors";
import { useAuth } from "../auth/AuthContext";
import { Alert } from "../components/Alert";
import { EmptyState } from "../components/EmptyState";
import { ItemGridSkeleton } from "../components/ItemCard";
import { PagedItemGrid } from "../components/PagedItemGrid";
import { usePageTitle } from "../hooks/usePageTitle";
import { useResource } from "../hooks/useResource";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { formatDateTime } from "../lib/time";
import { Component as NotFound } from "./NotFoundPage";
import styles from "./UserPage.module.css";

const pageSize = limits.pageSizeDefault;

/** A user's public profile: who they are, the ratings they received, every item they listed. */
export function Component() {
  const { id } = useParams();
  const userId = Number(id);
  const valid = Number.isSafeInteger(userId) && userId >= 1;
  const { t, locale } = useI18n();
  const { api } = useAuth();
  const afterSale = useAfterSaleApi();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const profile = useResource(String(userId), (signal) =>
    valid ? afterSale.userProfile(userId, signal) : Promise.resolve(null),
  );
  const listing = useResource(`${userId}|${page}`, (signal) =>
    valid
      ? api.listItems({ seller: userId, status: "all", page, pageSize }, signal)
      : Promise.resolve({ items: [], page, pageSize, total: 0 }),
  );
  const user = profile.data?.user;
  const title = user ? t("profile.title", { nickname: user.nickname }) : t("profile.titleUnknown");
  usePageTitle(user ? title : null);
  if (!valid || (isApiCallError(profile.error) && profile.error.code === "NOT_FOUND"))
    return <NotFound />;

  const pages = listing.data ? Math.max(1, Math.ceil(listing.data.total / pageSize)) : 1;
  return (
    <div className="container">
      <h1 className="page-title">{title}</h1>
      {user ? (
        <p className="page-intro" data-testid="profile-identity">
          @{user.username} · {t("profile.joined", { date: joinedDate(user.joinedAt, locale) })}
        </p>
      ) : null}
      {user ? <Ratings ratings={user.ratings} /> : null}
      <h2 className={styles.sectionTitle}>{t("profile.listings")}</h2>
      {listing.status === "failed" ? (
        <Alert kind="error">{errorMessage(listing.error, t, locale)}</Alert>
      ) : listing.status === "loading" ? (
        <ItemGridSkeleton count={4} />
      ) : listing.data.items.length === 0 ? (
        <EmptyState title={t("profile.empty")} />
      ) : (
        <>
          <p className="page-intro">
            {t("home.total", { count: listing.data.total.toLocaleString(locale) })}
          </p>
          <PagedItemGrid
            items={listing.data.items}
            label={title}
            page={page}
            pages={pages}
            onPage={(next) => setParams(next === 1 ? {} : { page: String(next) })}
            headingLevel={3}
          />
        </>
      )}
    </div>
  );
}

function joinedDate(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: "long" }).format(new Date(iso));
}

/** The ratings the user received after their sales: mean, count and the newest texts. */
function Ratings({ ratings }: { ratings: RatingsSummary }) {
  const { t, tCount, locale } = useI18n();
  return (
    <section className={styles.ratings} aria-labelledby="ratings-title" data-testid="ratings">
      <h2 id="ratings-title" className={styles.sectionTitle}>
        {t("profile.ratings")}
      </h2>
      {ratings.average === null ? (
        <p className={styles.muted}>{t("profile.noRatings")}</p>
      ) : (
        <>
          <p className={styles.summary} data-testid="ratings-summary">
            <span aria-hidden="true">★ </span>
            {tCount("profile.ratingsSummary", ratings.count, {
              average: ratings.average.toLocaleString(locale, {
                minimumFractionDigits: 1,
                maximumFractionDigits: 1,
              }),
            })}
          </p>
          <ul className={styles.recent}>
            {ratings.recent.map((rating) => (
              <li key={`${rating.itemId}-${rating.rater.id}`} data-testid="rating">
                <span className={styles.score}>{t("profile.score", { score: rating.score })}</span>{" "}
                {rating.comment ? <span>{rating.comment}</span> : null}
                <span className={styles.muted}>
                  {" "}
                  — {rating.rater.nickname} · {formatDateTime(rating.createdAt, locale)}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
