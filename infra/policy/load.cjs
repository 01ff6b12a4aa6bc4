// Entry point of the policy pack. Pulumi's policy runner require()s the pack with its own
// TypeScript hook (ts-node, CommonJS output), which cannot load this ESM TypeScript package;
// so this plain CommonJS file imports the real pack, index.ts, through Node's ESM loader with
// tsx's hooks (already present when the host passed PulumiPolicy.yaml's nodeargs, registered
// here otherwise). The runner awaits the exported promise before it asks for the policies.
module.exports = import("./index.ts").catch(async (error) => {
  if (error?.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
  const { register } = await import("tsx/esm/api");
  register();
  // A fresh URL: the loader remembers the failed attempt under the plain one.
  return import("./index.ts?with-tsx");
});
