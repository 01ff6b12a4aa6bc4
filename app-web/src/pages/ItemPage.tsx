import { type ItemDetail, maxNextBid, webPath } from "@ssgbay/contract";
import { useCallback, useEffect, useReducer, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { SaleResult } from "../afterSale/SaleResult";
import { isApiCallError } from "../api/errors";
import { useAuth } from "../auth/AuthContext";
import { loginPath } from "../auth/returnPath";
import { Alert } from "../components/Alert";
import { BidForm } from "../components/BidForm";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Countdown } from "../components/Countdown";
import { BuyNow } from "../components/listing/BuyNow";
import { ItemGallery } from "../components/listing/ItemGallery";
import { ListingFacts } from "../components/listing/ListingFacts";
import { PhotoOrder } from "../components/listing/PhotoOrder";
import { WatchButton } from "../components/listing/WatchButton";
import { PageLoading } from "../components/PageLoading";
import { StatusBadge } from "../components/StatusBadge";
import { useItemEvents } from "../hooks/useItemEvents";
import { useNow } from "../hooks/useNow";
import { usePageTitle } from "../hooks/usePageTitle";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { formatWon } from "../lib/money";
import { formatDateTime } from "../lib/time";
import { auctionReducer, initialAuctionState } from "../live/auctionReducer";
import styles from "./ItemPage.module.css";
import { Component as NotFound } from "./NotFoundPage";

export function Component() {
  const { id } = useParams();
  const itemId = Number(id);
  const { api } = useAuth();
  const { t, locale } = useI18n();
  const [item, setItem] = useState<ItemDetail | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const refresh = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const { item: loaded } = await api.getItem(itemId, signal);
        setItem(loaded);
        setFailure(null);
      } catch (error) {
        if (!signal?.aborted) setFailure(error);
      }
    },
    [api, itemId],
  );

  useEffect(() => {
    if (!Number.isSafeInteger(itemId) || itemId < 1) return;
    const controller = new AbortController();
    setItem(null);
    void refresh(controller.signal);
    return () => controller.abort();
  }, [itemId, refresh]);

  if (!Number.isSafeInteger(itemId) || itemId < 1) return <NotFound />;
  if (isApiCallError(failure) && failure.code === "NOT_FOUND") return <NotFound />;
  if (failure && !item)
    return (
      <div className="container">
        <Alert kind="error">{errorMessage(failure, t, locale)}</Alert>
      </div>
    );
  if (!item) return <PageLoading />;
  return <AuctionView key={item.id} item={item} refresh={refresh} />;
}

function AuctionView({ item, refresh }: { item: ItemDetail; refresh(): Promise<void> }) {
  const { t, locale } = useI18n();
  const { user, state: authState, api } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [auction, dispatch] = useReducer(auctionReducer, item, initialAuctionState);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const now = useNow();
  usePageTitle(item.title);

  useEffect(() => dispatch({ type: "snapshot", item }), [item]);

  // the bid history comes with the item: fetch it again when the live count moves past it
  useEffect(() => {
    if (auction.bidCount > item.bidCount) void refresh();
  }, [auction.bidCount, item.bidCount, refresh]);

  const connection = useItemEvents(item.status === "open" ? api.itemEventsUrl(item.id) : null, {
    onPrice: (event) => dispatch({ type: "price", event }),
    onClosed: (event) => {
      dispatch({ type: "closed", event });
      void refresh();
    },
    onReconnected: () => void refresh(),
  });

  const isOwner = user?.id === item.seller.id;
  const isParty =
    user !== null && (isOwner || (auction.winner !== null && auction.winner?.id === user.id));
  // The newest bid is the highest: the viewer leads when it is theirs.
  const leading = user !== null && item.bids[0]?.bidder.id === user.id;
  const ended = auction.status !== "open" || Date.parse(auction.endsAt) <= now;

  const onDelete = async () => {
    setDeleting(true);
    setDeleteError(null);
    try {
      await api.deleteItem(item.id);
      navigate("/me", { replace: true, state: { deleted: item.title } });
    } catch (error) {
      setDeleteError(errorMessage(error, t, locale));
      setConfirming(false);
      setDeleting(false);
    }
  };

  return (
    <div className={`container ${styles.page}`}>
      <div className={styles.mediaArea}>
        {/* a new photo order starts again at the cover */}
        <ItemGallery key={item.images.join()} title={item.title} images={item.images} />
      </div>

      <div className={styles.summary}>
        <div className={styles.badges}>
          <StatusBadge status={auction.status} ended={ended} />
          {item.status === "open" && !ended ? (
            <span className={styles.live} role="status">
              <span
                className={connection === "live" ? styles.dotLive : styles.dotWaiting}
                aria-hidden="true"
              />
              {connection === "live" ? t("item.live") : t("item.reconnecting")}
            </span>
          ) : null}
        </div>
        <h1 className={styles.title}>{item.title}</h1>
        <p className={styles.seller}>
          {t("item.seller")}: <strong>{item.seller.nickname}</strong>{" "}
          <Link to={webPath("user", { id: item.seller.id })}>
            {t("item.sellerProfile", { nickname: item.seller.nickname })}
          </Link>
        </p>
        <WatchButton itemId={item.id} watchCount={item.watchCount} />

        <div className={`card ${styles.priceBox}`}>
          <dl className={styles.facts}>
            <div>
              <dt>
                {auction.status === "sold"
                  ? t("item.finalPrice")
                  : auction.bidCount > 0
                    ? t("item.currentPrice")
                    : t("item.startPrice")}
              </dt>
              <dd className={styles.price} data-testid="current-price" aria-live="polite">
                {formatWon(auction.currentPrice, locale)}
              </dd>
            </div>
            <div>
              <dt>{t("item.bidCount")}</dt>
              <dd data-testid="bid-count">{auction.bidCount.toLocaleString(locale)}</dd>
            </div>
            {!ended ? (
              <div>
                <dt>{t("item.minNextBid")}</dt>
                <dd data-testid="min-next-bid">{formatWon(auction.minNextBid, locale)}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t("item.timeLeft")}</dt>
              <dd className={styles.countdown}>
                <Countdown endsAt={auction.endsAt} />
              </dd>
            </div>
            <div className={styles.wide}>
              <dt>{t("item.endsAt")}</dt>
              <dd data-testid="ends-at">{formatDateTime(auction.endsAt, locale, { now })}</dd>
            </div>
          </dl>

          <ListingFacts item={item} />

          {auction.extendedTo && !ended ? (
            <Alert kind="info">
              {t("item.extended", { time: formatDateTime(auction.extendedTo, locale, { now }) })}
            </Alert>
          ) : null}

          {auction.status === "sold" && isParty ? (
            <SaleResult itemId={item.id} />
          ) : auction.status === "sold" && auction.winner && auction.finalPrice !== null ? (
            <Alert kind="success">
              {t("item.sold", {
                nickname: auction.winner.nickname,
                price: formatWon(auction.finalPrice, locale),
              })}
            </Alert>
          ) : auction.status === "unsold" ? (
            <Alert kind="info">{t("item.unsold")}</Alert>
          ) : ended ? (
            <Alert kind="info">{t("item.closedPending")}</Alert>
          ) : isOwner ? (
            <p className={styles.ownerNote}>{t("item.ownerNote")}</p>
          ) : authState.status === "signedIn" ? (
            <>
              <BidForm
                itemId={item.id}
                minNextBid={auction.minNextBid}
                maxNextBid={maxNextBid({
                  startPrice: item.startPrice,
                  currentPrice: auction.currentPrice,
                  bidCount: auction.bidCount,
                })}
                leading={leading}
                onAccepted={(result) => dispatch({ type: "bidAccepted", result })}
                onStale={() => void refresh()}
              />
              <BuyNow
                item={item}
                currentPrice={auction.currentPrice}
                onBought={() => void refresh()}
              />
            </>
          ) : authState.status === "signedOut" ? (
            <Link className="button button-primary button-block" to={loginPath(location.pathname)}>
              {t("item.loginToBid")}
            </Link>
          ) : null}

          {isOwner && auction.status === "open" ? (
            <div className={styles.ownerActions}>
              {deleteError ? <Alert kind="error">{deleteError}</Alert> : null}
              {auction.bidCount === 0 && item.images.length > 1 ? (
                <PhotoOrder itemId={item.id} images={item.images} onSaved={refresh} />
              ) : null}
              {auction.bidCount === 0 ? (
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setConfirming(true)}
                >
                  {t("item.delete")}
                </button>
              ) : (
                <p className={styles.ownerNote}>{t("item.deleteHasBids")}</p>
              )}
            </div>
          ) : null}
        </div>
      </div>

      <section className={styles.description} aria-labelledby="description-title">
        <h2 id="description-title">{t("item.description")}</h2>
        <p className={styles.descriptionText}>{item.description}</p>
      </section>

      <section className={styles.history} aria-labelledby="history-title">
        <h2 id="history-title">{t("item.history")}</h2>
        {item.bids.length === 0 ? (
          <p className={styles.muted}>{t("item.noBids")}</p>
        ) : (
          <ol className={styles.bids} data-testid="bid-history">
            {item.bids.map((bid) => (
              <li key={`${bid.createdAt}-${bid.amount}`}>
                <span className={styles.bidder}>{bid.bidder.nickname}</span>
                <span className={styles.bidAmount}>{formatWon(bid.amount, locale)}</span>
                <time dateTime={bid.createdAt} className={styles.muted}>
                  {formatDateTime(bid.createdAt, locale)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>

      {confirming ? (
        <ConfirmDialog
          title={t("item.deleteTitle")}
          confirmLabel={t("item.deleteConfirm")}
          busy={deleting}
          onConfirm={onDelete}
          onCancel={() => setConfirming(false)}
        >
          {t("item.deleteBody", { title: item.title })}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
