import {
  type ItemCategory,
  type ItemCondition,
  itemCategories,
  itemConditions,
  limits,
  meetsInPerson,
  type TradeMethod,
  tradeMethods,
} from "@ssgbay/contract";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { isApiCallError } from "../api/errors";
import { useAuth } from "../auth/AuthContext";
import { Alert } from "../components/Alert";
import { Field, TextField } from "../components/Field";
import { PhotoPicker } from "../components/PhotoPicker";
import { useFocusFirstInvalid } from "../hooks/useFocusFirstInvalid";
import { usePageTitle } from "../hooks/usePageTitle";
import { useI18n } from "../i18n/i18n";
import { errorMessage } from "../lib/errorMessage";
import { fromLocalInputValue, toLocalInputValue, viewerTimeZone } from "../lib/time";
import { type FieldErrors, hasErrors, parseWholeWon, validateSell } from "../lib/validation";
import styles from "./SellPage.module.css";

type SellField =
  | "title"
  | "description"
  | "startPrice"
  | "endsAt"
  | "images"
  | "category"
  | "condition"
  | "tradeMethod"
  | "tradeArea"
  | "buyNowPrice";

/** The server names the photo part `image` (it repeats); the form calls the field `images`. */
function ourField(field: string): SellField {
  return (field === "image" ? "images" : field) as SellField;
}

function defaultEnd(): string {
  const end = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000);
  end.setMinutes(0, 0, 0);
  return toLocalInputValue(end);
}

export function Component() {
  const { t, locale } = useI18n();
  const { api } = useAuth();
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [startPrice, setStartPrice] = useState("");
  const [endsAt, setEndsAt] = useState(defaultEnd);
  const [images, setImages] = useState<File[]>([]);
  const [category, setCategory] = useState<ItemCategory>("etc");
  const [condition, setCondition] = useState<ItemCondition>("used");
  const [tradeMethod, setTradeMethod] = useState<TradeMethod>("delivery");
  const [tradeArea, setTradeArea] = useState("");
  const [buyNowPrice, setBuyNowPrice] = useState("");
  const [errors, setErrors] = useState<FieldErrors<SellField>>({});
  const [serverErrors, setServerErrors] = useState<Partial<Record<SellField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zone = viewerTimeZone();
  const { formRef, refused } = useFocusFirstInvalid();
  usePageTitle(t("sell.title"));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const end = fromLocalInputValue(endsAt);
    const meetup = meetsInPerson(tradeMethod);
    const found = validateSell(
      {
        title,
        description,
        startPrice,
        endsAt: end,
        images,
        tradeArea: meetup ? tradeArea : null,
        buyNowPrice,
      },
      new Date(),
    );
    setErrors(found);
    setServerErrors({});
    setFailure(null);
    if (hasErrors(found) || !end) {
      refused();
      return;
    }
    const price = parseWholeWon(startPrice);
    if (price === null) return;
    const buyNow = buyNowPrice.trim() ? parseWholeWon(buyNowPrice) : null;
    setBusy(true);
    try {
      const { item } = await api.createItem({
        title: title.trim(),
        description,
        startPrice: price,
        endsAt: end,
        images,
        category,
        condition,
        tradeMethod,
        ...(meetup ? { tradeArea: tradeArea.trim() } : {}),
        ...(buyNow === null ? {} : { buyNowPrice: buyNow }),
      });
      navigate(`/items/${item.id}`);
    } catch (error) {
      const message = errorMessage(error, t, locale);
      if (isApiCallError(error) && error.code === "VALIDATION_FAILED") {
        setServerErrors(
          Object.fromEntries(
            Object.entries(error.fieldErrors()).map(([field, text]) => [ourField(field), text]),
          ),
        );
        setFailure(message);
        refused();
      } else if (
        isApiCallError(error) &&
        (error.code === "PAYLOAD_TOO_LARGE" || error.code === "UNSUPPORTED_MEDIA_TYPE")
      ) {
        setServerErrors({ images: message });
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

  return (
    <div className="container">
      <div className={`card ${styles.card}`}>
        <h1 className="page-title">{t("sell.title")}</h1>
        <p className="page-intro">{t("sell.intro")}</p>
        {failure ? <Alert kind="error">{failure}</Alert> : null}
        <form ref={formRef} onSubmit={onSubmit} noValidate className={styles.form}>
          <div className={styles.photo}>
            <PhotoPicker
              files={images}
              error={errorFor("images")}
              onChange={(next) => {
                setImages(next);
                // a new choice: the last photos' problem (ours or the server's) is stale
                setErrors(({ images: _stale, ...rest }) => rest);
                setServerErrors(({ images: _stale, ...rest }) => rest);
              }}
            />
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
            <div className={styles.pair}>
              <Field label={t("sell.category")} error={errorFor("category")}>
                {(control) => (
                  <select
                    {...control}
                    name="category"
                    value={category}
                    onChange={(event) => setCategory(event.target.value as ItemCategory)}
                  >
                    {itemCategories.map((value) => (
                      <option key={value} value={value}>
                        {t(`category.${value}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t("sell.condition")} error={errorFor("condition")}>
                {(control) => (
                  <select
                    {...control}
                    name="condition"
                    value={condition}
                    onChange={(event) => setCondition(event.target.value as ItemCondition)}
                  >
                    {itemConditions.map((value) => (
                      <option key={value} value={value}>
                        {t(`condition.${value}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <fieldset className={styles.choices}>
              <legend>{t("sell.tradeMethod")}</legend>
              {tradeMethods.map((value) => (
                <label key={value} className={styles.choice}>
                  <input
                    type="radio"
                    name="tradeMethod"
                    value={value}
                    checked={tradeMethod === value}
                    onChange={() => setTradeMethod(value)}
                  />
                  {t(`trade.${value}`)}
                </label>
              ))}
            </fieldset>
            <div className={styles.pair}>
              {meetsInPerson(tradeMethod) ? (
                <TextField
                  label={t("sell.tradeArea")}
                  name="tradeArea"
                  hint={t("sell.tradeAreaHint")}
                  value={tradeArea}
                  maxLength={limits.tradeAreaMaxLength + 10}
                  onChange={(event) => setTradeArea(event.target.value)}
                  error={errorFor("tradeArea")}
                />
              ) : null}
              <TextField
                label={t("sell.buyNowPrice")}
                name="buyNowPrice"
                inputMode="numeric"
                hint={t("sell.buyNowHint")}
                value={buyNowPrice}
                onChange={(event) => setBuyNowPrice(event.target.value)}
                error={errorFor("buyNowPrice")}
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
