// How the app's storage is laid out on every target (storage classes or the Vagrant NFS export).

/** The app's claims: `shared` (ReadWriteMany: uploads and backups) and MySQL's data. */
export const CLAIMS = { shared: "shared-data", mysql: "mysql-data" } as const;

/** Directories inside the shared claim: uploads (API) and backups (backup job). */
export const SHARED_SUBPATHS = { uploads: "uploads", backups: "backups" } as const;
