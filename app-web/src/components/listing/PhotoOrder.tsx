import { useState } from "react";
import { useAuth } from "../../auth/AuthContext";
import { useI18n } from "../../i18n/i18n";
import { errorMessage } from "../../lib/errorMessage";
import { Alert } from "../Alert";
import { moved, PhotoThumb } from "../PhotoPicker";
import pickerStyles from "../PhotoPicker.module.css";

/**
 * The seller's way to change the photo order (and so the cover) after listing, offered until
 * the first bid (the API refuses it after). Each photo moves with its ← / → buttons.
 */
export function PhotoOrder({
  itemId,
  images,
  onSaved,
}: {
  itemId: number;
  images: string[];
  onSaved(): Promise<void>;
}) {
  const { t, locale } = useI18n();
  const { api } = useAuth();
  // Positions into `images`, in the order being arranged.
  const [order, setOrder] = useState<number[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  if (order === null)
    return (
      <button
        type="button"
        className="button button-secondary"
        onClick={() => setOrder(images.map((_, index) => index))}
      >
        {t("item.reorderPhotos")}
      </button>
    );

  const save = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await api.reorderPhotos(itemId, order);
      await onSaved();
      setOrder(null);
    } catch (error) {
      setProblem(errorMessage(error, t, locale));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="photo-order">
      <ol className={pickerStyles.grid} aria-label={t("item.reorderPhotos")}>
        {order.map((position, index) => (
          <PhotoThumb
            key={images[position]}
            src={images[position] ?? null}
            index={index}
            count={order.length}
            onMove={(from, to) => setOrder(moved(order, from, to))}
          />
        ))}
      </ol>
      {problem ? <Alert kind="error">{problem}</Alert> : null}
      <button type="button" className="button button-primary" disabled={busy} onClick={save}>
        {t("item.saveOrder")}
      </button>{" "}
      <button type="button" className="button button-secondary" onClick={() => setOrder(null)}>
        {t("dialog.cancel")}
      </button>
    </div>
  );
}
