export { DEFAULT_BATCH_SIZE, loadSettlerConfig, type SettlerConfig } from "./config.js";
export {
  type SettlementCounts,
  SettlementError,
  type SettleOptions,
  settleEndedAuctions,
} from "./settle.js";
