import { useCallback, useEffect, useRef, useState } from "react";

export type Resource<T> =
  | { status: "loading"; data?: undefined; error?: undefined }
  | { status: "ready"; data: T; error?: undefined }
  | { status: "failed"; data?: undefined; error: unknown };

/**
 * Loads data for a page and reloads it when `key` changes; stale answers of earlier keys are
 * dropped (their requests aborted). `initial`, when the data of the first key is already here
 * (a prefetch), is shown from the first render; the first load then hands back that same data.
 */
export function useResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  initial?: T,
): Resource<T> & { reload(): void } {
  const [resource, setResource] = useState<Resource<T>>(() =>
    initial === undefined ? { status: "loading" } : { status: "ready", data: initial },
  );
  const [attempt, setAttempt] = useState(0);
  const showingInitial = useRef(initial !== undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `load` is re-created every render; `key` names what it loads
  useEffect(() => {
    const controller = new AbortController();
    if (!showingInitial.current) setResource({ status: "loading" });
    showingInitial.current = false;
    load(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setResource((current) => (current.data === data ? current : { status: "ready", data }));
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
