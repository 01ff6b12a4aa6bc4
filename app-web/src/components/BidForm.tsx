import type { PlacedBid } from "@ssgbay/contract";
import { type FormEvent, useId, useState } from "react";
import { useAfterSaleText } from "../afterSale/text";
import { useAuth } from "../auth/AuthContext";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { formatWon } from "../lib/money";
import { validateBid } from "../lib/validation";
import { wonWithWords } from "../lib/wonInWords";
import { Alert } from "./Alert";
import styles from "./BidForm.module.css";
import { ConfirmDialog } from "./ConfirmDialog";

interface BidFormProps {
  itemId: number;
  minNextBid: number;
  /** The largest accepted bid (the contract's `maxNextBid`). */
  maxNextBid: number;
  /** The signed-in user holds the highest bid now: bidding again raises their own. */
  leading?: boolean;
  onAccepted(result: PlacedBid): void;
  /** The server said the auction is over or the price moved: the page should refetch. */
  onStale(): void;
}

interface PendingBid {
  amount: number;
  maxAmount: number | undefined;
}

/**
 * Checks the amount with the server's rules first, asks for confirmation (the amount in won and
 * in words, a warning when you already lead), then shows the server's verdict by code.
 */
export function BidForm({
  itemId,
  minNextBid,
  maxNextBid,
  leading = false,
  onAccepted,
  onStale,
}: BidFormProps) {
  const { t, locale, language } = useI18n();
  const at = useAfterSaleText();
  const maxId = useId();
  const [maxAmount, setMaxAmount] = useState("");
  const [pending, setPending] = useState<PendingBid | null>(null);
  const { api } = useAuth();
  const inputId = useId();
  const [amount, setAmount] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSuccess(null);
    const checked = validateBid(amount, { minimum: minNextBid, maximum: maxNextBid });
    if ("problem" in checked) {
      const { problem: found } = checked;
      setProblem(
        found.key === "bid.tooLow"
          ? t(found.key, { min: formatWon(found.min, locale) })
          : found.key === "bid.tooHigh"
            ? t(found.key, { max: formatWon(found.max, locale) })
            : t(found.key),
      );
      return;
    }
    let max: number | undefined;
    if (maxAmount.trim() !== "") {
      if (!/^\d{1,15}$/.test(maxAmount.trim())) {
        setProblem(at("bid.maxInvalid"));
        return;
      }
      max = Number(maxAmount.trim());
      if (max < checked.amount) {
        setProblem(at("bid.maxTooLow"));
        return;
      }
    }
    setProblem(null);
    setPending({ amount: checked.amount, maxAmount: max });
  };

  const place = async ({ amount: bidAmount, maxAmount: max }: PendingBid) => {
    setBusy(true);
    try {
      const result = await api.placeBid(itemId, bidAmount, max);
      onAccepted(result);
      setAmount("");
      setMaxAmount("");
      setSuccess(
        result.leading
          ? t("bid.success", { amount: formatWon(result.bid.amount, locale) })
          : at("bid.outbidAtOnce", {
              amount: formatWon(result.bid.amount, locale),
              price: formatWon(result.item.currentPrice, locale),
            }),
      );
    } catch (error) {
      setProblem(errorMessage(error, t, locale));
      onStale();
    } finally {
      setBusy(false);
      setPending(null);
    }
  };

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor={inputId}>{t("bid.label")}</label>
        <div className={styles.row}>
          <input
            id={inputId}
            name="amount"
            inputMode="numeric"
            autoComplete="off"
            value={amount}
            placeholder={String(minNextBid)}
            aria-invalid={problem !== null}
            aria-describedby={`${inputId}-hint${problem ? ` ${inputId}-error` : ""}`}
            onChange={(event) => setAmount(event.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t("bid.submitting") : t("bid.submit")}
          </button>
        </div>
        <span id={`${inputId}-hint`} className="field-hint">
          {t("bid.hint", { min: formatWon(minNextBid, locale) })}
        </span>
        {problem ? (
          <span id={`${inputId}-error`} className="field-error" role="alert">
            {problem}
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={maxId}>{at("bid.maxLabel")}</label>
        <input
          id={maxId}
          name="maxAmount"
          inputMode="numeric"
          autoComplete="off"
          value={maxAmount}
          aria-describedby={`${maxId}-hint`}
          onChange={(event) => setMaxAmount(event.target.value)}
        />
        <span id={`${maxId}-hint`} className="field-hint">
          {at("bid.maxHint")}
        </span>
      </div>
      {leading ? (
        <p className="field-hint" data-testid="leading-note">
          {at("bid.leadingNote")}
        </p>
      ) : null}
      {success ? <Alert kind="success">{success}</Alert> : null}
      {pending ? (
        <ConfirmDialog
          title={at("confirm.title")}
          confirmLabel={at("confirm.submit")}
          busy={busy}
          onConfirm={() => void place(pending)}
          onCancel={() => setPending(null)}
        >
          {leading ? (
            <Alert kind="info">
              <span data-testid="leading-warning">{at("confirm.leading")}</span>
            </Alert>
          ) : null}
          <dl>
            <dt>{at("confirm.amount")}</dt>
            <dd data-testid="confirm-amount">{wonWithWords(pending.amount, language)}</dd>
            {pending.maxAmount !== undefined ? (
              <>
                <dt>{at("confirm.max")}</dt>
                <dd data-testid="confirm-max">{wonWithWords(pending.maxAmount, language)}</dd>
              </>
            ) : null}
          </dl>
          <p>{at("confirm.binding")}</p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
