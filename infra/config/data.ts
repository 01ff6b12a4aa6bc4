// How the program guards the stack's data: the MySQL data and uploads claims (and what holds them).
import { z } from "zod";
import { booleanFlag } from "./rules.js";

export const dataSchema = z
  .object({
    /**
     * Pulumi `protect` on the claims, the static volumes and the namespace: `pulumi destroy` and
     * any replacement of them fail, and the program refuses a config change that would replace a
     * claim. Off only for throwaway stacks (or for one `pulumi up` of a planned replacement).
     */
    protect: booleanFlag.default(true),
    /** Pulumi `retainOnDelete` on the same objects: `pulumi destroy` leaves them in the cluster. */
    retainOnDelete: booleanFlag.default(true),
  })
  .strict()
  .prefault({});
export type DataConfig = z.infer<typeof dataSchema>;
