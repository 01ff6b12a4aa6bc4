/** Seconds per named step of a test, printed at its end so slow steps show in CI's log. */
export function stepTimings(): {
  timings: Record<string, number>;
  timed<T>(name: string, step: () => Promise<T>): Promise<T>;
} {
  const timings: Record<string, number> = {};
  return {
    timings,
    async timed(name, step) {
      const started = Date.now();
      try {
        return await step();
      } finally {
        timings[name] = (Date.now() - started) / 1000;
      }
    },
  };
}
