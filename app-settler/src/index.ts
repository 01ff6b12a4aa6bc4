export { loadSettlerConfig, type SettlerConfig } from "./config.js";
export { DEFAULT_BATCH_SIZE } from "./env.js";
export {
  type SettlementCounts,
  SettlementError,
  type SettleOptions,
  settleEndedAuctions,
} from "./settle.js";
