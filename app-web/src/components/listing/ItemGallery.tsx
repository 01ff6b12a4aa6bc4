import { useState } from "react";
import { useI18n } from "../../i18n/i18n";
import styles from "./listing.module.css";

/** The cover large, every photo as a thumbnail below it that shows it large. */
export function ItemGallery({ title, images }: { title: string; images: string[] }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(0);
  const current = images[shown] ?? images[0];
  return (
    <div className={styles.gallery}>
      <div className={styles.galleryMain}>
        <img
          src={current}
          alt={t("item.imageAlt", { title })}
          width={800}
          height={600}
          data-testid="gallery-main"
        />
      </div>
      {images.length > 1 ? (
        <ul className={styles.thumbs} aria-label={t("item.photos", { count: images.length })}>
          {images.map((url, index) => (
            <li key={url}>
              <button
                type="button"
                className={index === shown ? styles.thumbActive : styles.thumb}
                aria-label={t("item.showPhoto", { n: index + 1 })}
                aria-pressed={index === shown}
                onClick={() => setShown(index)}
              >
                <img src={url} alt="" width={96} height={72} loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
