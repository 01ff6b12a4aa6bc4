import type { ItemSummary } from "@ssgbay/contract";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { useI18n } from "../i18n/i18n";
import { formatWon } from "../lib/money";
import { Countdown } from "./Countdown";
import styles from "./ItemCard.module.css";
import { StatusBadge } from "./StatusBadge";

/**
 * One auction in a grid: photo, title, price, bids and time left; `extra` adds a line below,
 * `corner` a control over the photo's top right (the ♡ on home). The title is a heading one
 * level below the page's section (h2 under a page's h1).
 */
export function ItemCard({
  item,
  extra,
  corner,
  headingLevel = 2,
}: {
  item: ItemSummary;
  extra?: ReactNode;
  corner?: ReactNode;
  headingLevel?: 2 | 3;
}) {
  const { t, tCount, locale } = useI18n();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const ended = Date.parse(item.endsAt) <= Date.now();
  return (
    <article className={`card ${styles.card}`}>
      <div className={styles.media}>
        <img
          src={item.imageUrl}
          alt={t("item.imageAlt", { title: item.title })}
          loading="lazy"
          decoding="async"
          width={400}
          height={300}
        />
        <span className={styles.badge}>
          <StatusBadge status={item.status} ended={ended} />
        </span>
        {corner}
      </div>
      <div className={styles.body}>
        <Heading className={styles.title}>
          <Link to={`/items/${item.id}`} className={styles.link}>
            {item.title}
          </Link>
        </Heading>
        <p className={styles.priceLabel}>
          {item.status === "sold"
            ? t("card.finalPrice")
            : item.bidCount > 0
              ? t("card.currentPrice")
              : t("card.startPrice")}
        </p>
        <p className={styles.price} data-testid="card-price">
          {formatWon(item.currentPrice, locale)}
        </p>
        <p className={styles.meta}>
          <span>{tCount("card.bids", item.bidCount)}</span>
          <span aria-hidden="true">·</span>
          {item.status === "open" ? (
            <Countdown endsAt={item.endsAt} withSuffix />
          ) : (
            <span>{t(`status.${item.status}`)}</span>
          )}
        </p>
        {extra ? <div className={styles.extra}>{extra}</div> : null}
      </div>
    </article>
  );
}

export function ItemCardSkeleton() {
  return (
    <div className={`card ${styles.card}`} aria-hidden="true">
      <div className={`skeleton ${styles.media}`} />
      <div className={styles.body}>
        <div className="skeleton" style={{ height: 20, marginBottom: 10 }} />
        <div className="skeleton" style={{ height: 24, width: "50%", marginBottom: 10 }} />
        <div className="skeleton" style={{ height: 16, width: "70%" }} />
      </div>
    </div>
  );
}

export function ItemGrid({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <ul className={styles.grid} aria-label={label}>
      {children}
    </ul>
  );
}

export function ItemGridCell({ children }: { children: ReactNode }) {
  return <li className={styles.cell}>{children}</li>;
}

/** A grid of `count` placeholder cards while a list loads. */
export function ItemGridSkeleton({ count }: { count: number }) {
  return (
    <ItemGrid>
      {Array.from({ length: count }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <ItemGridCell key={index}>
          <ItemCardSkeleton />
        </ItemGridCell>
      ))}
    </ItemGrid>
  );
}
