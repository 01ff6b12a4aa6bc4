import { useNow } from "../hooks/useNow";
import { useI18n } from "../i18n/i18n";
import { formatRemaining } from "../lib/time";

/** Time left until `endsAt`, ticking every second; "마감" once it has passed. */
export function Countdown({
  endsAt,
  withSuffix = false,
}: {
  endsAt: string;
  withSuffix?: boolean;
}) {
  const { t } = useI18n();
  const now = useNow();
  const remaining = Date.parse(endsAt) - now;
  const text = formatRemaining(remaining, t);
  return (
    <time dateTime={endsAt} data-testid="countdown">
      {withSuffix && remaining > 0 ? t("time.left", { time: text }) : text}
    </time>
  );
}
