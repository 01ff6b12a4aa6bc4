export { loadSettlerConfig, type SettlerConfig } from "./config.js";
export { ENDING_SOON_MINUTES, notifyEndingWatchers } from "./ending-soon.js";
export { DEFAULT_BATCH_SIZE } from "./env.js";
export {
  type SettlementCounts,
  SettlementError,
  type SettleOptions,
  settleEndedAuctions,
} from "./settle.js";
