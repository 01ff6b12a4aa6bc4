// `@ssgbay/database/testing`: a database of its own for each test file, and the small kit every
// workspace's tests and the bench share. Chromium is in `./testing/browser`, the vitest hooks in
// `./testing/vitest`, so that importing this entry needs neither playwright nor vitest.
export { freeLoopbackPort } from "../kit/loopback-port.js";
export { encodePng, type Rgb, solidPng } from "../kit/png.js";
export {
  databaseNow,
  insertBids,
  insertItems,
  insertUsers,
  type NewBid,
  type NewItem,
  type NewUser,
  type Queryable,
} from "../kit/rows.js";
export { CommandError, type CommandResult, runCommand } from "../kit/run-command.js";
export { createTestDatabase, type TestDatabase } from "./database.js";
export { seededRandom } from "./random.js";
export {
  type BidRow,
  type ItemRow,
  type ItemSpec,
  insertItem,
  type PurchaseRow,
  readBids,
  readItem,
  readItems,
  readPurchases,
} from "./tables.js";
export { startTlsServer, type TlsServer } from "./tls-server.js";
export { waitUntil } from "./wait.js";
