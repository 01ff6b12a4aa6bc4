type Measurements = Record<string, () => Promise<unknown>>;
type RoundOf<M extends Measurements> = { [Key in keyof M]: Awaited<ReturnType<M[Key]>> };

/**
 * Runs each measurement once per round, swapping the order every round so that drift on a
 * noisy machine (caches warming, a neighbour's load) does not always favour the same side.
 */
export async function alternating<M extends Measurements>(
  rounds: number,
  measurements: M,
): Promise<RoundOf<M>[]> {
  const keys = Object.keys(measurements) as (keyof M & string)[];
  const results: RoundOf<M>[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? keys : [...keys].reverse();
    const result: Partial<RoundOf<M>> = {};
    for (const key of order) {
      result[key] = (await measurements[key]?.()) as RoundOf<M>[typeof key];
    }
    results.push(result as RoundOf<M>);
  }
  return results;
}
