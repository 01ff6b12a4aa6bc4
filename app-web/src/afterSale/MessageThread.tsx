import { afterSaleLimits } from "@ssgbay/contract";
import { type FormEvent, useCallback, useId, useState } from "react";
import { useAuth } from "../auth/AuthContext";
import { Alert } from "../components/Alert";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { formatDateTime } from "../lib/time";
import { useAfterSaleApi } from "./endpoints";
import { OlderPageButton, useIdPages } from "./idPages";
import styles from "./MessageThread.module.css";
import { useMyEvents } from "./myEvents";
import { useAfterSaleText } from "./text";

/** The buyer's and the seller's messages about one sale: older pages on demand, new ones live. */
export function MessageThread({ itemId }: { itemId: number }) {
  const at = useAfterSaleText();
  const { t, locale } = useI18n();
  const { user } = useAuth();
  const api = useAfterSaleApi();
  const inputId = useId();
  const fetchPage = useCallback(
    async (before: number | undefined, signal?: AbortSignal) => {
      const page = await api.listMessages(itemId, before ? { before } : {}, signal);
      return { items: page.messages, nextBefore: page.nextBefore };
    },
    [api, itemId],
  );
  const thread = useIdPages(fetchPage, true);
  const messages = thread.items ?? [];
  const add = thread.add;
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const shownProblem = problem ?? (thread.failure ? errorMessage(thread.failure, t, locale) : null);

  useMyEvents(api.myEventsUrl(), {
    onMessage: ({ message }) => {
      if (message.itemId === itemId) add([message]);
    },
  });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const body = draft.trim();
    if (!body) return;
    setBusy(true);
    setProblem(null);
    try {
      const { message } = await api.sendMessage(itemId, body);
      add([message]);
      setDraft("");
    } catch (error) {
      setProblem(errorMessage(error, t, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.thread} aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{at("thread.title")}</h2>
      <OlderPageButton nextBefore={thread.nextBefore} onClick={thread.loadOlder}>
        {at("thread.older")}
      </OlderPageButton>
      {messages.length === 0 ? <p className={styles.muted}>{at("thread.empty")}</p> : null}
      <ol className={styles.messages} data-testid="message-list" aria-live="polite">
        {messages.map((message) => {
          const mine = message.sender.id === user?.id;
          return (
            <li key={message.id} className={mine ? styles.mine : styles.theirs}>
              <span className={styles.sender}>
                {mine ? at("thread.me") : message.sender.nickname}
              </span>
              {/* Plain text: React escapes it, so markup in a message shows as written. */}
              <p className={styles.body} data-testid="message-body">
                {message.body}
              </p>
              <time dateTime={message.createdAt} className={styles.muted}>
                {formatDateTime(message.createdAt, locale)}
              </time>
            </li>
          );
        })}
      </ol>
      <form className={styles.form} onSubmit={onSubmit}>
        <label htmlFor={inputId}>{at("thread.label")}</label>
        <textarea
          id={inputId}
          name="message"
          rows={2}
          maxLength={afterSaleLimits.messageMaxLength}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={busy || !draft.trim()}>
          {busy ? at("thread.sending") : at("thread.send")}
        </button>
      </form>
      {shownProblem ? <Alert kind="error">{shownProblem}</Alert> : null}
    </section>
  );
}
