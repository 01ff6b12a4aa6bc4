import { afterSaleLimits, type Sale } from "@ssgbay/contract";
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { Alert } from "../components/Alert";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { formatWon } from "../lib/money";
import { formatDateTime } from "../lib/time";
import { useAfterSaleApi } from "./endpoints";
import { MessageThread } from "./MessageThread";
import styles from "./SaleResult.module.css";
import { useAfterSaleText } from "./text";

/** 01012345678 → 010-1234-5678. */
function formatPhone(digits: string): string {
  return digits.replace(/^(\d{3})(\d{3,4})(\d{4})$/, "$1-$2-$3");
}

/** What the winner or the seller of a sold item sees: the result, the contact, the next steps. */
export function SaleResult({ itemId }: { itemId: number }) {
  const at = useAfterSaleText();
  const { t, locale } = useI18n();
  const api = useAfterSaleApi();
  const [sale, setSale] = useState<Sale | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const scoreId = useId();
  const commentId = useId();
  const [score, setScore] = useState("5");
  const [comment, setComment] = useState("");

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setSale((await api.getSale(itemId, signal)).sale);
      } catch (error) {
        if (!signal?.aborted) setProblem(errorMessage(error, t, locale));
      }
    },
    [api, itemId, t, locale],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
      await load();
    } catch (error) {
      setProblem(errorMessage(error, t, locale));
    } finally {
      setBusy(false);
    }
  };

  const onRate = (event: FormEvent) => {
    event.preventDefault();
    void act(() => api.rateSale(itemId, { score: Number(score), comment }));
  };

  if (!sale) {
    return problem ? <Alert kind="error">{problem}</Alert> : <p>{at("sale.loading")}</p>;
  }
  const price = formatWon(sale.finalPrice, locale);
  const isSeller = sale.role === "seller";
  return (
    <div className={styles.result} data-testid="sale-result">
      <Alert kind="success">
        <strong data-testid="sale-headline">
          {isSeller
            ? at("sale.sold", { nickname: sale.counterpart.nickname, price })
            : at("sale.won", { price })}
        </strong>
      </Alert>
      <dl className={styles.contact}>
        <dt>{isSeller ? at("sale.contactBuyer") : at("sale.contactSeller")}</dt>
        <dd>
          {sale.counterpart.nickname} ·{" "}
          <a href={`tel:${sale.counterpart.phone}`} data-testid="counterpart-phone">
            {formatPhone(sale.counterpart.phone)}
          </a>
        </dd>
      </dl>
      <p>{isSeller ? at("sale.nextStepSeller") : at("sale.nextStepBuyer")}</p>
      {sale.handedOverAt ? (
        <p data-testid="handed-over">
          {at("sale.handedOver", { time: formatDateTime(sale.handedOverAt, locale) })}
        </p>
      ) : isSeller ? (
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={() => void act(() => api.markHandedOver(itemId))}
        >
          {at("sale.handover")}
        </button>
      ) : (
        <p>{at("sale.handoverPending")}</p>
      )}
      {sale.myRating ? (
        <p data-testid="my-rating">
          {at("sale.myRating", { score: sale.myRating.score, comment: sale.myRating.comment })}
        </p>
      ) : sale.handedOverAt ? (
        <form className={styles.rating} onSubmit={onRate}>
          <h2>{at("sale.rateTitle", { nickname: sale.counterpart.nickname })}</h2>
          <label htmlFor={scoreId}>{at("sale.score")}</label>
          <select id={scoreId} value={score} onChange={(event) => setScore(event.target.value)}>
            {[5, 4, 3, 2, 1].map((value) => (
              <option key={value} value={value}>
                {at("sale.scoreOption", { score: value })}
              </option>
            ))}
          </select>
          <label htmlFor={commentId}>{at("sale.comment")}</label>
          <input
            id={commentId}
            value={comment}
            maxLength={afterSaleLimits.ratingCommentMaxLength}
            onChange={(event) => setComment(event.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={busy}>
            {at("sale.rateSubmit")}
          </button>
        </form>
      ) : null}
      {sale.theirRating ? (
        <p data-testid="their-rating">
          {at("sale.theirRating", {
            score: sale.theirRating.score,
            comment: sale.theirRating.comment,
          })}
        </p>
      ) : null}
      {problem ? <Alert kind="error">{problem}</Alert> : null}
      <MessageThread itemId={itemId} />
    </div>
  );
}

export default SaleResult;
