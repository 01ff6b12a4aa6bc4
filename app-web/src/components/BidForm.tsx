import type { PlacedBid } from "@ssgbay/contract";
import { type FormEvent, useId, useState } from "react";
import { useAuth } from "../auth/AuthContext";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { formatWon } from "../lib/money";
import { validateBid } from "../lib/validation";
import { Alert } from "./Alert";
import styles from "./BidForm.module.css";

interface BidFormProps {
  itemId: number;
  minNextBid: number;
  /** The largest accepted bid (the contract's `maxNextBid`). */
  maxNextBid: number;
  onAccepted(result: PlacedBid): void;
  /** The server said the auction is over or the price moved: the page should refetch. */
  onStale(): void;
}

/** Checks the amount with the server's rules first, then shows the server's verdict by code. */
export function BidForm({ itemId, minNextBid, maxNextBid, onAccepted, onStale }: BidFormProps) {
  const { t, locale } = useI18n();
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
    setProblem(null);
    setBusy(true);
    try {
      const result = await api.placeBid(itemId, checked.amount);
      onAccepted(result);
      setAmount("");
      setSuccess(t("bid.success", { amount: formatWon(result.bid.amount, locale) }));
    } catch (error) {
      setProblem(errorMessage(error, t, locale));
      onStale();
    } finally {
      setBusy(false);
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
      {success ? <Alert kind="success">{success}</Alert> : null}
    </form>
  );
}
