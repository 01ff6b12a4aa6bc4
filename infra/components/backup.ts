import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../config/index.js";
import { type ClusterContext, childOptions } from "./context.js";
import { type AppIdentity, recommendedLabels } from "./labels.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  scratchVolume,
  UID,
} from "./security.js";
import { SHARED_SUBPATHS } from "./storage-layout.js";

export const BACKUP_DIR = "/backups";
/** /tmp holds only the client options, the CA and rclone's config: the dump itself streams. */
const BACKUP_SCRATCH = "64Mi";

export interface BackupArgs extends ClusterContext {
  backup: StackConfig["backup"];
  /** The Dockerfile's `backup` image (mysqldump, gzip, age, rclone) by digest, for backup.offsite. */
  image: pulumi.Input<string>;
  imagePullSecrets: pulumi.Input<{ name: string }[]>;
  mysql: StackConfig["mysql"];
  /** Where to dump from; with `tlsCa` the dump connects with TLS, verifying the server. */
  database: {
    host: pulumi.Input<string>;
    port: number;
    passwordSecret: { name: pulumi.Input<string>; key: string };
    tlsCa: string | undefined;
  };
  sharedClaim: pulumi.Output<string>;
  /** backup.offsite's S3 access key pair (config secrets). */
  offsiteKeys:
    | { accessKeyId: pulumi.Output<string>; secretAccessKey: pulumi.Output<string> }
    | undefined;
  /** What must be rolled out first: the API, whose init container migrates the schema. */
  dependsOn: pulumi.Resource[];
}

/**
 * What both dumps start with: the password in an options file (never argv), the GTID flag MySQL's
 * mysqldump needs without RELOAD/FLUSH_TABLES, and TLS flags when a CA is given.
 */
const DUMP_PROLOGUE = `umask 077
printf '[client]\\npassword=%s\\n' "$DB_PASSWORD" > /tmp/client.cnf
# MySQL's mysqldump needs this flag to dump without RELOAD/FLUSH_TABLES; MariaDB's has no GTID flag.
gtid=""
case "$(mysqldump --help)" in *--set-gtid-purged*) gtid="--set-gtid-purged=OFF" ;; esac
# With DB_TLS_CA: TLS, the server's certificate and name verified (MySQL's and MariaDB's flags).
tls=""
if [ -n "\${DB_TLS_CA:-}" ]; then
  printf '%s\\n' "$DB_TLS_CA" > /tmp/db-ca.pem
  case "$(mysqldump --help)" in
    *--ssl-mode*) tls="--ssl-mode=VERIFY_IDENTITY --ssl-ca=/tmp/db-ca.pem" ;;
    *) tls="--ssl --ssl-ca=/tmp/db-ca.pem --ssl-verify-server-cert" ;;
  esac
fi
`;

/**
 * What both dumps pass mysqldump whichever client makes them (MySQL 8.4's in the mysql image,
 * MariaDB 10.11's in the backup image): a consistent InnoDB snapshot without RELOAD/FLUSH_TABLES
 * or the PROCESS right (tablespaces), with the schema's routines and triggers.
 */
export const BACKUP_DUMP_OPTIONS = [
  "--single-transaction",
  "--no-tablespaces",
  "--routines",
  "--triggers",
] as const;
const MYSQLDUMP = `mysqldump --defaults-extra-file=/tmp/client.cnf ${BACKUP_DUMP_OPTIONS.join(" ")} $gtid $tls \\
  --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" "$DB_NAME"`;

/**
 * The nightly dump to the shared claim: a consistent snapshot (`--single-transaction`) written
 * under a temporary name and renamed when complete, so a file named `ssgbay-*.sql` is always a
 * whole dump; then only the newest `retention` dumps are kept.
 */
export const BACKUP_SCRIPT = `set -eu
${DUMP_PROLOGUE}stamp=$(date -u +%Y%m%dT%H%M%SZ)
partial="${BACKUP_DIR}/.ssgbay-$stamp.sql.partial"
${MYSQLDUMP} > "$partial"
mv "$partial" "${BACKUP_DIR}/ssgbay-$stamp.sql"
kept=0
for dump in $(ls -1r ${BACKUP_DIR}/ssgbay-*.sql); do
  kept=$((kept + 1))
  if [ "$kept" -gt "$RETENTION" ]; then rm -f "$dump"; fi
done
echo "backup ${BACKUP_DIR}/ssgbay-$stamp.sql written; $((kept < RETENTION ? kept : RETENTION)) kept"
`;

/**
 * The off-cluster dump: mysqldump | gzip | age (when a recipient is set) | rclone rcat, streamed
 * to the bucket under a temporary name and moved to `ssgbay-<stamp>.sql.gz[.age]` only when every
 * step of the pipeline succeeded (pipefail), so a listed dump is always whole; a failure removes
 * the partial object and exits 1 (the Job fails). Then only the newest `retention` are kept.
 */
export const OFFSITE_BACKUP_SCRIPT = `set -euo pipefail
${DUMP_PROLOGUE}: > /tmp/rclone.conf
stamp=$(date -u +%Y%m%dT%H%M%SZ)
name="ssgbay-$stamp.sql.gz"
encrypt=(cat)
if [ -n "\${AGE_RECIPIENT:-}" ]; then
  name="$name.age"
  encrypt=(age --recipient "$AGE_RECIPIENT")
fi
dir="offsite:$BUCKET/$PREFIX"
partial="$dir/.partial-$name"
if ! ${MYSQLDUMP} \\
  | gzip -c | "\${encrypt[@]}" | rclone rcat "$partial"; then
  rclone deletefile "$partial" >/dev/null 2>&1 || true
  echo "backup failed: no dump written for $stamp" >&2
  exit 1
fi
rclone moveto "$partial" "$dir/$name"
kept=0
for object in $( (rclone lsf --files-only "$dir/" | grep -E '^ssgbay-[0-9]{8}T[0-9]{6}Z\\.sql\\.gz(\\.age)?$' || true) | sort -r); do
  kept=$((kept + 1))
  if [ "$kept" -gt "$RETENTION" ]; then rclone deletefile "$dir/$object"; fi
done
echo "backup $dir/$name written; $((kept < RETENTION ? kept : RETENTION)) kept"
`;

/** rclone's remote for the bucket, configured from the environment (`RCLONE_CONFIG_<NAME>_*`). */
const REMOTE = "RCLONE_CONFIG_OFFSITE";

/**
 * Nightly `mysqldump`, kept `retention` deep: into the shared volume's `backups` directory, or
 * (with `backup.offsite`) compressed, optionally encrypted, to an S3-compatible bucket.
 */
export class Backup extends pulumi.ComponentResource {
  constructor(name: string, args: BackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:Backup", name, {}, opts);
    const identity: AppIdentity = { name: "backup", component: "job", instance: args.instance };
    const labels = recommendedLabels(identity);
    const { backup, mysql } = args;
    const { offsite } = backup;
    const keys = offsite ? this.offsiteKeys(name, args, labels) : undefined;
    const destination = offsite
      ? {
          image: args.image,
          command: ["bash", "-c", OFFSITE_BACKUP_SCRIPT],
          env: [
            { name: "BUCKET", value: offsite.bucket },
            { name: "PREFIX", value: offsite.prefix },
            ...(offsite.ageRecipient
              ? [{ name: "AGE_RECIPIENT", value: offsite.ageRecipient }]
              : []),
            { name: "RCLONE_CONFIG", value: "/tmp/rclone.conf" },
            { name: `${REMOTE}_TYPE`, value: "s3" },
            { name: `${REMOTE}_PROVIDER`, value: "Other" },
            { name: `${REMOTE}_ENDPOINT`, value: offsite.endpoint },
            { name: `${REMOTE}_REGION`, value: offsite.region },
            // The bucket exists; the key pair need not be allowed to create one.
            { name: `${REMOTE}_NO_CHECK_BUCKET`, value: "true" },
          ],
          envFrom: keys ? [{ secretRef: { name: keys } }] : [],
          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
          volumes: [scratchVolume("tmp", BACKUP_SCRATCH)],
        }
      : {
          image: mysql.image,
          command: ["sh", "-c", BACKUP_SCRIPT],
          env: [],
          envFrom: [],
          volumeMounts: [
            { name: "tmp", mountPath: "/tmp" },
            { name: "shared", mountPath: BACKUP_DIR, subPath: SHARED_SUBPATHS.backups },
          ],
          volumes: [
            scratchVolume("tmp", BACKUP_SCRATCH),
            { name: "shared", persistentVolumeClaim: { claimName: args.sharedClaim } },
          ],
        };
    new k8s.batch.v1.CronJob(
      `${name}-cronjob`,
      {
        metadata: { name: "backup", namespace: args.namespace, labels },
        spec: {
          schedule: backup.schedule,
          timeZone: "Etc/UTC",
          concurrencyPolicy: "Forbid",
          startingDeadlineSeconds: 600,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            metadata: { labels },
            spec: {
              backoffLimit: 2,
              activeDeadlineSeconds: backup.activeDeadlineSeconds,
              template: {
                metadata: { labels },
                spec: {
                  restartPolicy: "Never",
                  securityContext: restrictedPodSecurity(UID.mysql),
                  automountServiceAccountToken: false,
                  imagePullSecrets: args.imagePullSecrets,
                  containers: [
                    {
                      name: "mysqldump",
                      image: destination.image,
                      command: destination.command,
                      ...(destination.envFrom.length > 0 ? { envFrom: destination.envFrom } : {}),
                      env: [
                        { name: "DB_HOST", value: args.database.host },
                        { name: "DB_PORT", value: String(args.database.port) },
                        { name: "DB_NAME", value: mysql.database },
                        { name: "DB_USER", value: mysql.user },
                        {
                          name: "DB_PASSWORD",
                          valueFrom: {
                            secretKeyRef: args.database.passwordSecret,
                          },
                        },
                        { name: "RETENTION", value: String(backup.retention) },
                        // A CA certificate is public: plain env, written to a file by the script.
                        ...(args.database.tlsCa
                          ? [{ name: "DB_TLS_CA", value: args.database.tlsCa }]
                          : []),
                        ...destination.env,
                      ],
                      resources: resourceRequirements(backup.resources),
                      securityContext: restrictedContainerSecurity,
                      volumeMounts: destination.volumeMounts,
                    },
                  ],
                  volumes: destination.volumes,
                },
              },
            },
          },
        },
      },
      { ...childOptions(this, args), dependsOn: args.dependsOn, deleteBeforeReplace: true },
    );
    this.registerOutputs({});
  }

  /** The bucket's access keys in an auto-named Secret (a rotation rolls the CronJob in place). */
  private offsiteKeys(
    name: string,
    args: BackupArgs,
    labels: Record<string, string>,
  ): pulumi.Output<string> {
    if (!args.offsiteKeys) throw new Error("backup.offsite needs its access keys (validated)");
    const secret = new k8s.core.v1.Secret(
      `${name}-offsite`,
      {
        metadata: { namespace: args.namespace, labels },
        type: "Opaque",
        stringData: {
          [`${REMOTE}_ACCESS_KEY_ID`]: args.offsiteKeys.accessKeyId,
          [`${REMOTE}_SECRET_ACCESS_KEY`]: args.offsiteKeys.secretAccessKey,
        },
      },
      childOptions(this, args),
    );
    return secret.metadata.name;
  }
}
