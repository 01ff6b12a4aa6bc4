import { imageContentTypes, limits } from "@ssgbay/contract";
import { type FormEvent, useEffect, useId, useState } from "react";
import { useNavigate } from "react-router";
import { isApiCallError } from "../api/errors";
import { useAuth } from "../auth/AuthContext";
import { Alert } from "../components/Alert";
import { Field, TextField } from "../components/Field";
import { Icon } from "../components/Icon";
import { useFocusFirstInvalid } from "../hooks/useFocusFirstInvalid";
import { usePageTitle } from "../hooks/usePageTitle";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { fromLocalInputValue, toLocalInputValue, viewerTimeZone } from "../lib/time";
import { type FieldErrors, hasErrors, parseWholeWon, validateSell } from "../lib/validation";
import styles from "./SellPage.module.css";

type SellField = "title" | "description" | "startPrice" | "endsAt" | "image";

function defaultEnd(): string {
  const end = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000);
  end.setMinutes(0, 0, 0);
  return toLocalInputValue(end);
}

export function Component() {
  const { t, locale } = useI18n();
  const { api } = useAuth();
  const navigate = useNavigate();
  const imageHintId = useId();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [startPrice, setStartPrice] = useState("");
  const [endsAt, setEndsAt] = useState(defaultEnd);
  const [image, setImage] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors<SellField>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<SellField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zone = viewerTimeZone();
  const { formRef, refused } = useFocusFirstInvalid();
  usePageTitle(t("sell.title"));

  // a data: URL rather than blob:, so the preview works under either server's CSP (img-src data:)
  useEffect(() => {
    setPreview(null);
    if (!image) return;
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === "string" ? reader.result : null);
    reader.readAsDataURL(image);
    return () => reader.abort();
  }, [image]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const end = fromLocalInputValue(endsAt);
    const found = validateSell({ title, description, startPrice, endsAt: end, image }, new Date());
    setErrors(found);
    setServerErrors({});
    setFailure(null);
    if (hasErrors(found) || !end || !image) {
      refused();
      return;
    }
    const price = parseWholeWon(startPrice);
    if (price === null) return;
    setBusy(true);
    try {
      const { item } = await api.createItem({
        title: title.trim(),
        description,
        startPrice: price,
        endsAt: end,
        image,
      });
      navigate(`/items/${item.id}`);
    } catch (error) {
      const message = errorMessage(error, t, locale);
      if (isApiCallError(error) && error.code === "VALIDATION_FAILED") {
        setServerErrors(error.fieldErrors());
        setFailure(message);
        refused();
      } else if (
        isApiCallError(error) &&
        (error.code === "PAYLOAD_TOO_LARGE" || error.code === "UNSUPPORTED_MEDIA_TYPE")
      ) {
        setServerErrors({ image: message });
      } else {
        setFailure(message);
      }
      setBusy(false);
    }
  };

  const errorFor = (name: SellField) => {
    const key = errors[name];
    return key ? t(key) : serverErrors[name];
  };
  const imageError = errorFor("image");

  return (
    <div className="container">
      <div className={`card ${styles.card}`}>
        <h1 className="page-title">{t("sell.title")}</h1>
        <p className="page-intro">{t("sell.intro")}</p>
        {failure ? <Alert kind="error">{failure}</Alert> : null}
        <form ref={formRef} onSubmit={onSubmit} noValidate className={styles.form}>
          <div className={styles.photo}>
            <div className="field">
              <label htmlFor="sell-image">{t("sell.image")}</label>
              <div className={styles.dropzone}>
                {preview ? (
                  <img src={preview} alt={t("sell.preview")} className={styles.preview} />
                ) : (
                  <span className={styles.placeholder}>
                    <Icon name="camera" size={56} />
                  </span>
                )}
              </div>
              <input
                id="sell-image"
                name="image"
                type="file"
                accept={Object.values(imageContentTypes).join(",")}
                aria-invalid={Boolean(imageError)}
                aria-describedby={`${imageHintId}${imageError ? ` ${imageHintId}-error` : ""}`}
                onChange={(event) => {
                  setImage(event.target.files?.[0] ?? null);
                  // a new choice: the last photo's problem (ours or the server's) is stale
                  setErrors(({ image: _stale, ...rest }) => rest);
                  setServerErrors(({ image: _stale, ...rest }) => rest);
                }}
              />
              <span id={imageHintId} className="field-hint">
                {t("sell.imageHint")}
              </span>
              {imageError ? (
                <span id={`${imageHintId}-error`} className="field-error">
                  {imageError}
                </span>
              ) : null}
            </div>
          </div>
          <div className={styles.details}>
            <TextField
              label={t("sell.itemTitle")}
              name="title"
              value={title}
              maxLength={limits.titleMaxLength + 20}
              onChange={(event) => setTitle(event.target.value)}
              error={errorFor("title")}
            />
            <Field
              label={t("sell.description")}
              hint={t("sell.descriptionHint", { count: description.length.toLocaleString(locale) })}
              error={errorFor("description")}
            >
              {(control) => (
                <textarea
                  {...control}
                  name="description"
                  value={description}
                  onChange={(event) => setDescription(event.target.value)}
                />
              )}
            </Field>
            <div className={styles.pair}>
              <TextField
                label={t("sell.startPrice")}
                name="startPrice"
                inputMode="numeric"
                hint={t("sell.startPriceHint")}
                value={startPrice}
                onChange={(event) => setStartPrice(event.target.value)}
                error={errorFor("startPrice")}
              />
              <TextField
                label={t("sell.endsAt")}
                name="endsAt"
                type="datetime-local"
                hint={t("sell.endsAtHint", { zone })}
                value={endsAt}
                onChange={(event) => setEndsAt(event.target.value)}
                error={errorFor("endsAt")}
              />
            </div>
            <button type="submit" className="button button-primary button-block" disabled={busy}>
              {busy ? t("sell.submitting") : t("sell.submit")}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
