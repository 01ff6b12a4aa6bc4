import { describe, expect, it } from "vitest";
import { configProblems, REF_IMAGES } from "./support/config-problems.js";
import { find, kubeObjects, podTemplates } from "./support/kube-objects.js";
import { plainStrings } from "./support/mock-cluster.js";
import { runProgram } from "./support/run-program.js";
import { readStackConfig, toPulumiConfig } from "./support/stack-files.js";

const KEYS = {
  "ssgbay:backupAccessKeyId": "AKIATESTKEY0123",
  "ssgbay:backupSecretAccessKey": "s3cr3t-key-0123456789",
};
const offsite = {
  endpoint: "https://s3.eu-central-1.amazonaws.com",
  bucket: "ssgbay-prod-backups",
};
const config = (backup: Record<string, unknown>, keys: Record<string, string> = KEYS) => ({
  ...readStackConfig("prod"),
  ...toPulumiConfig({
    "ssgbay:images": REF_IMAGES,
    "ssgbay:backup": backup,
  }),
  ...keys,
});

describe("backup.offsite: the CronJob streams to a bucket", () => {
  it("runs the backup image with the bucket's settings, keys only in a Secret, egress to the endpoint", async () => {
    // The Dockerfile's backup target, promoted with the app images.
    const image = REF_IMAGES.backup;
    const run = await runProgram("prod", config({ offsite }), {
      secretKeys: Object.keys(KEYS),
    });
    const objects = kubeObjects(run.resources);
    const template = podTemplates([find(objects, "CronJob", "backup")])[0]?.template;
    const container = template?.spec.containers[0];
    expect(container?.image).toBe(image);
    expect(container?.volumeMounts?.map((mount) => mount.mountPath)).toEqual(["/tmp"]);
    const env = Object.fromEntries((container?.env ?? []).map((v) => [v.name, v.value]));
    expect(env).toMatchObject({
      BUCKET: "ssgbay-prod-backups",
      PREFIX: "ssgbay",
      RCLONE_CONFIG_OFFSITE_TYPE: "s3",
      RCLONE_CONFIG_OFFSITE_ENDPOINT: offsite.endpoint,
      RCLONE_CONFIG_OFFSITE_REGION: "us-east-1",
    });
    const secretName = (container?.envFrom?.[0]?.secretRef as { name: string } | undefined)?.name;
    const secret = objects.find((o) => o.kind === "Secret" && o.name === secretName);
    expect(Object.keys((secret?.manifest.stringData ?? {}) as object).sort()).toEqual([
      "RCLONE_CONFIG_OFFSITE_ACCESS_KEY_ID",
      "RCLONE_CONFIG_OFFSITE_SECRET_ACCESS_KEY",
    ]);
    for (const resource of run.resources) {
      const exposed = plainStrings(resource.inputs);
      for (const key of Object.values(KEYS))
        expect(exposed.some((v) => v.includes(key))).toBe(false);
    }
    const policy = find(objects, "NetworkPolicy", "backup").manifest.spec as {
      egress: { to: { ipBlock?: { cidr: string } }[]; ports: { port: number }[] }[];
    };
    expect(policy.egress[1]).toEqual({
      to: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
      ports: [{ protocol: "TCP", port: 443 }],
    });
    // Nothing of the shared claim: the dumps leave the cluster.
    expect(template?.spec.volumes?.some((volume) => "persistentVolumeClaim" in volume)).toBe(false);
  });

  it("names the key pair it needs, and bad bucket settings", () => {
    expect(configProblems(config({ offsite }, {}))).toEqual([
      "ssgbay:backupAccessKeyId: is required when backup.offsite is set (pulumi config set --secret ssgbay:backupAccessKeyId ...)",
      "ssgbay:backupSecretAccessKey: is required when backup.offsite is set (pulumi config set --secret ssgbay:backupSecretAccessKey ...)",
    ]);
    expect(
      configProblems(
        config({
          offsite: { endpoint: "ftp://x", bucket: "A_B", prefix: "/x/", ageRecipient: "age1short" },
        }),
      ),
    ).toEqual([
      "ssgbay:backup.offsite.endpoint: must be an http(s) URL such as https://s3.eu-central-1.amazonaws.com",
      "ssgbay:backup.offsite.bucket: must be an S3 bucket name (3-63 of a-z, 0-9, '.', '-')",
      "ssgbay:backup.offsite.prefix: must be a path such as ssgbay/prod (no leading or trailing '/')",
      "ssgbay:backup.offsite.ageRecipient: must be an age public key (age1… from age-keygen)",
    ]);
  });
});
