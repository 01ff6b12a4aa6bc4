// Part of the kit shared by `./dev` (the ephemeral server) and `./testing`; the production
// entry never imports it.
import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 that was free a moment ago: the OS picks it, and it is released. */
export async function freeLoopbackPort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}
