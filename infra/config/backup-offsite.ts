// Where the backup job streams its dumps off the cluster: an S3-compatible bucket.
import { z } from "zod";

export const offsiteSchema = z
  .object({
    endpoint: z.url({
      protocol: /^https?$/,
      error: "must be an http(s) URL such as https://s3.eu-central-1.amazonaws.com",
    }),
    bucket: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        "must be an S3 bucket name (3-63 of a-z, 0-9, '.', '-')",
      ),
    prefix: z
      .string()
      .regex(
        /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/,
        "must be a path such as ssgbay/prod (no leading or trailing '/')",
      )
      .default("ssgbay"),
    region: z
      .string()
      .regex(/^[a-z0-9-]+$/, "must be a region such as eu-central-1")
      .default("us-east-1"),
    /** Encrypt each dump to this age public key (the private key stays off the cluster). */
    ageRecipient: z
      .string()
      .regex(/^age1[0-9a-z]{58}$/, "must be an age public key (age1… from age-keygen)")
      .optional(),
    /** Where the backup pods may connect (NetworkPolicy egress) for the endpoint. */
    egressCidr: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, "must be an IPv4 CIDR such as 0.0.0.0/0")
      .default("0.0.0.0/0"),
  })
  .strict();
export type OffsiteConfig = z.infer<typeof offsiteSchema>;

/** The endpoint's TCP port (the scheme's default when the URL has none). */
export function endpointPort(offsite: OffsiteConfig): number {
  const url = new URL(offsite.endpoint);
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}
