import { type ReactNode, useCallback, useEffect, useState } from "react";

/** One page of a list read backwards by id (`before`), as the API's thread and notification pages. */
export interface IdPage<Item> {
  items: Item[];
  nextBefore: number | null;
}

/**
 * A list paged by id: the newest page on mount, older ones on demand (`loadOlder`), and items
 * that arrive live (`add`), each shown once and kept in id order (`oldestFirst` as a
 * conversation reads, else newest first). `fetchPage` must be stable (useCallback).
 */
export function useIdPages<Item extends { id: number }>(
  fetchPage: (before: number | undefined, signal?: AbortSignal) => Promise<IdPage<Item>>,
  oldestFirst: boolean,
) {
  const [items, setItems] = useState<Item[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const add = useCallback(
    (incoming: Item[]) =>
      setItems((shown) => {
        const known = new Set((shown ?? []).map((item) => item.id));
        const merged = [...(shown ?? []), ...incoming.filter((item) => !known.has(item.id))];
        return merged.sort((a, b) => (oldestFirst ? a.id - b.id : b.id - a.id));
      }),
    [oldestFirst],
  );

  const load = useCallback(
    async (before: number | undefined, signal?: AbortSignal) => {
      try {
        const page = await fetchPage(before, signal);
        add(page.items);
        setNextBefore(page.nextBefore);
      } catch (error) {
        if (!signal?.aborted) setFailure(error);
      }
    },
    [fetchPage, add],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(undefined, controller.signal);
    return () => controller.abort();
  }, [load]);

  const loadOlder = useCallback(() => {
    if (nextBefore !== null) void load(nextBefore);
  }, [load, nextBefore]);

  return { items, nextBefore, failure, setFailure, add, update: setItems, loadOlder };
}

/** The button that fetches the next, older page; absent on the last page. */
export function OlderPageButton({
  nextBefore,
  onClick,
  children,
}: {
  nextBefore: number | null;
  onClick(): void;
  children: ReactNode;
}) {
  if (nextBefore === null) return null;
  return (
    <button type="button" className="button button-secondary" onClick={onClick}>
      {children}
    </button>
  );
}
