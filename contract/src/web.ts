/**
 * The web app's pages, in react-router's path syntax. Both servers of the app (nginx in the
 * image, the API's static handler for local runs) answer these paths with index.html and 200;
 * any other path outside /api and /assets gets index.html too (the app shows its not-found
 * page) but with status 404.
 */
export const webPages = {
  home: "/",
  item: "/items/:id",
  user: "/users/:id",
  login: "/login",
  signup: "/signup",
  sell: "/sell",
  me: "/me",
  notifications: "/notifications",
} as const;

export type WebPage = keyof typeof webPages;

/** What a `:id` in a page path accepts: the API's ids (positive, no leading zero). */
const idSegment = "[1-9][0-9]{0,14}";

/** One regular expression for every page, e.g. for a server that cannot read this module. */
export const webPagePattern = new RegExp(
  `^(?:${Object.values(webPages)
    .map((path) => path.replace(/:\w+/g, idSegment))
    .join("|")})$`,
);

export function isWebPagePath(pathname: string): boolean {
  return webPagePattern.test(pathname);
}

/** The path of a page with its parameters filled in. */
export function webPath(page: WebPage, params: Record<string, string | number> = {}): string {
  return webPages[page].replace(/:(\w+)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${webPages[page]}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
}

/**
 * A cookie the API sets next to the HttpOnly session cookies (at signup, login and refresh) and
 * clears with them (logout, failed refresh). It holds no secret ("1"), is readable by the page,
 * and only tells the web app that asking /api/auth/me is worth it: a guest's page load makes no
 * request that must fail with 401.
 */
export const sessionHintCookie = "ssgbay_session";
