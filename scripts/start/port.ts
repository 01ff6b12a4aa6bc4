import { createServer } from "node:net";

/** The one line `npm start` prints when its port is taken: which port, and the way out. */
export function portTakenMessage(port: number): string {
  return `port ${port} on 127.0.0.1 is already in use (another SSGBay?): stop it, or run PORT=${port + 1} npm start`;
}

/**
 * Whether nothing listens on the port yet. Checked by binding it for a moment, so the answer
 * is the kernel's (a probe by HTTP would be answered by whatever else runs there).
 */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" || error.code === "EACCES") resolve(false);
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
