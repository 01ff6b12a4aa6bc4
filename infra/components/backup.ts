import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MYSQL_PORT } from "@ssgbay/database/env";
import type { StackConfig } from "../config/index.js";
import { type ClusterContext, childOptions } from "./context.js";
import { type AppIdentity, recommendedLabels } from "./labels.js";
import { MYSQL_SECRET_KEYS } from "./mysql.js";
import {
  resourceRequirements,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  UID,
} from "./security.js";
import { SHARED_SUBPATHS } from "./storage-layout.js";

export const BACKUP_DIR = "/backups";

export interface BackupArgs extends ClusterContext {
  backup: StackConfig["backup"];
  mysql: StackConfig["mysql"];
  mysqlHost: pulumi.Output<string>;
  credentialsSecretName: pulumi.Output<string>;
  sharedClaim: pulumi.Output<string>;
  /** What must be rolled out first: the API, whose init container migrates the schema. */
  dependsOn: pulumi.Resource[];
}

/**
 * The nightly dump: a consistent snapshot (`--single-transaction`) written under a temporary
 * name and renamed when complete, so a file named `ssgbay-*.sql` is always a whole dump; then
 * only the newest `retention` dumps are kept. The password goes through an options file, never argv.
 */
export const BACKUP_SCRIPT = `set -eu
umask 077
printf '[client]\\npassword=%s\\n' "$DB_PASSWORD" > /tmp/client.cnf
# MySQL's mysqldump needs this flag to dump without RELOAD/FLUSH_TABLES; MariaDB's has no GTID flag.
gtid=""
case "$(mysqldump --help)" in *--set-gtid-purged*) gtid="--set-gtid-purged=OFF" ;; esac
stamp=$(date -u +%Y%m%dT%H%M%SZ)
partial="${BACKUP_DIR}/.ssgbay-$stamp.sql.partial"
mysqldump --defaults-extra-file=/tmp/client.cnf --single-transaction --no-tablespaces $gtid \\
  --routines --triggers --host="$DB_HOST" --port="$DB_PORT" --user="$DB_USER" "$DB_NAME" > "$partial"
mv "$partial" "${BACKUP_DIR}/ssgbay-$stamp.sql"
kept=0
for dump in $(ls -1r ${BACKUP_DIR}/ssgbay-*.sql); do
  kept=$((kept + 1))
  if [ "$kept" -gt "$RETENTION" ]; then rm -f "$dump"; fi
done
echo "backup ${BACKUP_DIR}/ssgbay-$stamp.sql written; $((kept < RETENTION ? kept : RETENTION)) kept"
`;

/** Nightly `mysqldump` into the shared volume's `backups` directory, with a retention count. */
export class Backup extends pulumi.ComponentResource {
  constructor(name: string, args: BackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ssgbay:index:Backup", name, {}, opts);
    const identity: AppIdentity = { name: "backup", component: "job", instance: args.instance };
    const labels = recommendedLabels(identity);
    const { backup, mysql } = args;
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
                  containers: [
                    {
                      name: "mysqldump",
                      image: mysql.image,
                      command: ["sh", "-c", BACKUP_SCRIPT],
                      env: [
                        { name: "DB_HOST", value: args.mysqlHost },
                        { name: "DB_PORT", value: String(MYSQL_PORT) },
                        { name: "DB_NAME", value: mysql.database },
                        { name: "DB_USER", value: mysql.user },
                        {
                          name: "DB_PASSWORD",
                          valueFrom: {
                            secretKeyRef: {
                              name: args.credentialsSecretName,
                              key: MYSQL_SECRET_KEYS.appPassword,
                            },
                          },
                        },
                        { name: "RETENTION", value: String(backup.retention) },
                      ],
                      resources: resourceRequirements(backup.resources),
                      securityContext: restrictedContainerSecurity,
                      volumeMounts: [
                        { name: "tmp", mountPath: "/tmp" },
                        { name: "shared", mountPath: BACKUP_DIR, subPath: SHARED_SUBPATHS.backups },
                      ],
                    },
                  ],
                  volumes: [
                    { name: "tmp", emptyDir: {} },
                    { name: "shared", persistentVolumeClaim: { claimName: args.sharedClaim } },
                  ],
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
}
