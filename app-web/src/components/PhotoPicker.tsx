import { imageContentTypes, limits } from "@ssgbay/contract";
import { useEffect, useId, useState } from "react";
import { useI18n } from "../i18n/i18n";
import { Icon } from "./Icon";
import styles from "./PhotoPicker.module.css";

/** Reads a photo as a data: URL (works under either server's CSP, img-src data:). */
function usePreview(file: File): string | null {
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    setPreview(null);
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === "string" ? reader.result : null);
    reader.readAsDataURL(file);
    return () => reader.abort();
  }, [file]);
  return preview;
}

/** One photo in an ordered row: the cover marked, movable earlier or later, maybe removable. */
export function PhotoThumb({
  src,
  index,
  count,
  onMove,
  onRemove,
}: {
  src: string | null;
  index: number;
  count: number;
  onMove(from: number, to: number): void;
  onRemove?(index: number): void;
}) {
  const { t } = useI18n();
  const n = index + 1;
  return (
    <li className={styles.thumb} data-testid="photo">
      {src ? (
        <img src={src} alt={t("sell.photoAlt", { n })} className={styles.image} />
      ) : (
        <span className={styles.image} />
      )}
      {index === 0 ? <span className={styles.cover}>{t("sell.cover")}</span> : null}
      <span className={styles.actions}>
        <button
          type="button"
          className={styles.action}
          aria-label={t("sell.moveEarlier", { n })}
          disabled={index === 0}
          onClick={() => onMove(index, index - 1)}
        >
          ←
        </button>
        <button
          type="button"
          className={styles.action}
          aria-label={t("sell.moveLater", { n })}
          disabled={index === count - 1}
          onClick={() => onMove(index, index + 1)}
        >
          →
        </button>
        {onRemove ? (
          <button
            type="button"
            className={styles.action}
            aria-label={t("sell.removePhoto", { n })}
            onClick={() => onRemove(index)}
          >
            ×
          </button>
        ) : null}
      </span>
    </li>
  );
}

/** `list` with the entry at `from` moved to `to`. */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [entry] = next.splice(from, 1);
  if (entry !== undefined) next.splice(to, 0, entry);
  return next;
}

function FileThumbnail({
  file,
  ...rest
}: { file: File } & Omit<Parameters<typeof PhotoThumb>[0], "src">) {
  return <PhotoThumb src={usePreview(file)} {...rest} />;
}

/**
 * Up to 8 photos in the order they will be listed (the first is the cover), each movable
 * earlier or later and removable; choosing files adds them at the end.
 */
export function PhotoPicker({
  files,
  onChange,
  error,
}: {
  files: File[];
  onChange(files: File[]): void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  const id = useId();
  const move = (from: number, to: number) => onChange(moved(files, from, to));
  return (
    <div className="field">
      <label htmlFor={id}>{t("sell.photos")}</label>
      {files.length === 0 ? (
        <div className={styles.empty}>
          <Icon name="camera" size={56} />
        </div>
      ) : (
        <ol className={styles.grid}>
          {files.map((file, index) => (
            <FileThumbnail
              // a file chosen twice is two photos: the position tells them apart
              // biome-ignore lint/suspicious/noArrayIndexKey: the order is the identity here
              key={`${index}-${file.name}-${file.size}`}
              file={file}
              index={index}
              count={files.length}
              onMove={move}
              onRemove={(at) => onChange(files.filter((_, other) => other !== at))}
            />
          ))}
        </ol>
      )}
      <input
        id={id}
        name="image"
        type="file"
        multiple
        accept={Object.values(imageContentTypes).join(",")}
        disabled={files.length >= limits.imagesPerItemMax}
        aria-invalid={Boolean(error)}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        onChange={(event) => {
          const chosen = [...(event.target.files ?? [])];
          // the same files may be chosen again later
          event.target.value = "";
          if (chosen.length > 0) onChange([...files, ...chosen]);
        }}
      />
      <span id={`${id}-hint`} className="field-hint">
        {t("sell.photosHint")}
      </span>
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
