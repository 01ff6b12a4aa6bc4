/** Why a live stream was refused: its client address, or this replica, has too many open. */
export const streamRefusals = ["per_address", "per_replica"] as const;
export type StreamRefusal = (typeof streamRefusals)[number];

export interface StreamLimits {
  perAddress: number;
  perReplica: number;
}

export interface StreamSlot {
  /** Gives the slot back; only the first call counts. */
  release(): void;
}

export interface StreamLimiter {
  /** Takes a slot for a stream from `address`, or says which limit refuses it. */
  acquire(address: string): StreamSlot | StreamRefusal;
  /** Calls `listener` on every refusal (for the metrics). */
  onRefusal(listener: (reason: StreamRefusal) => void): void;
  readonly open: number;
}

/**
 * Counts the open live streams of this replica, in total and by client address. Slots are taken
 * synchronously before the stream's first database read, so concurrent requests cannot all pass.
 */
export function createStreamLimiter(limits: StreamLimits): StreamLimiter {
  const byAddress = new Map<string, number>();
  const listeners: ((reason: StreamRefusal) => void)[] = [];
  let open = 0;

  const refuse = (reason: StreamRefusal): StreamRefusal => {
    for (const listener of listeners) listener(reason);
    return reason;
  };

  return {
    acquire(address) {
      const fromAddress = byAddress.get(address) ?? 0;
      if (fromAddress >= limits.perAddress) return refuse("per_address");
      if (open >= limits.perReplica) return refuse("per_replica");
      byAddress.set(address, fromAddress + 1);
      open += 1;
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          open -= 1;
          const left = (byAddress.get(address) ?? 1) - 1;
          if (left > 0) byAddress.set(address, left);
          else byAddress.delete(address);
        },
      };
    },
    onRefusal(listener) {
      listeners.push(listener);
    },
    get open() {
      return open;
    },
  };
}
