/** The login page URL that brings the user back to `path` afterwards. */
export function loginPath(path: string): string {
  return `/login?next=${encodeURIComponent(path)}`;
}

/** Where to go after logging in: only paths inside this site, never another origin. */
export function safeReturnPath(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/login") || next.startsWith("/signup")) return "/";
  return next;
}
