import { limits } from "@ssgbay/contract";
import { useParams, useSearchParams } from "react-router";
import { useAuth } from "../auth/AuthContext";
import { Alert } from "../components/Alert";
import { EmptyState } from "../components/EmptyState";
import { ItemCard, ItemGrid, ItemGridCell, ItemGridSkeleton } from "../components/ItemCard";
import { Pagination } from "../components/Pagination";
import { usePageTitle } from "../hooks/usePageTitle";
import { useResource } from "../hooks/useResource";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { Component as NotFound } from "./NotFoundPage";

const pageSize = limits.pageSizeDefault;

/**
 * A user's public profile: every item they listed, newest first, any status. (Ratings and the
 * profile's own route come with the after-sale work; until then the name is read from the
 * listings.)
 */
export function Component() {
  const { id } = useParams();
  const userId = Number(id);
  const valid = Number.isSafeInteger(userId) && userId >= 1;
  const { t, locale } = useI18n();
  const { api } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const listing = useResource(`${userId}|${page}`, (signal) =>
    valid
      ? api.listItems({ seller: userId, status: "all", page, pageSize }, signal)
      : Promise.resolve({ items: [], page, pageSize, total: 0 }),
  );
  const nickname = listing.data?.items[0]?.seller.nickname;
  const title = nickname ? t("profile.title", { nickname }) : t("profile.titleUnknown");
  usePageTitle(listing.data ? title : null);
  if (!valid) return <NotFound />;

  const pages = listing.data ? Math.max(1, Math.ceil(listing.data.total / pageSize)) : 1;
  return (
    <div className="container">
      <h1 className="page-title">{title}</h1>
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
          <ItemGrid label={title}>
            {listing.data.items.map((item) => (
              <ItemGridCell key={item.id}>
                <ItemCard item={item} />
              </ItemGridCell>
            ))}
          </ItemGrid>
          <Pagination
            page={page}
            pages={pages}
            onChange={(next) => setParams(next === 1 ? {} : { page: String(next) })}
          />
        </>
      )}
    </div>
  );
}
