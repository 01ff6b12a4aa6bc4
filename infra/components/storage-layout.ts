// How the app's storage is laid out on every target (storage classes or the Vagrant NFS export).

/** The app's claims: `shared` (ReadWriteMany: uploads and backups) and MySQL's data. */
export const CLAIMS = { shared: "shared-data", mysql: "mysql-data" } as const;

/**
 * The Pulumi options every object holding the app's data gets (the claims, the static volumes,
 * the namespace the claims live in): from `ssgbay:data`.
 */
export interface DataRetention {
  protect: boolean;
  retainOnDelete: boolean;
}

/** Directories inside the shared claim: uploads (API) and backups (backup job). */
export const SHARED_SUBPATHS = { uploads: "uploads", backups: "backups" } as const;
