import { useCallback, useEffect, useState } from "react";

export type Resource<T> =
  | { status: "loading"; data?: undefined; error?: undefined }
  | { status: "ready"; data: T; error?: undefined }
  | { status: "failed"; data?: undefined; error: unknown };

/**
 * Loads data for a page and reloads it when `key` changes; stale answers of earlier keys are
 * dropped (their requests aborted).
 */
export function useResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> & { reload(): void } {
  const [resource, setResource] = useState<Resource<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` is re-created every render; `key` names what it loads
  useEffect(() => {
    const controller = new AbortController();
    setResource({ status: "loading" });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ status: "ready", data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResource({ status: "failed", error });
      },
    );
    return () => controller.abort();
  }, [key, attempt]);
  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...resource, reload };
}
