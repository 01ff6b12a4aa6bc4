import { browserSessionSchema, pathOf, coreRoutes as routes } from "@ssgbay/contract";
import type * as z from "zod/mini";
import { ApiClient, type CallInput } from "./client";

type Input<Name extends keyof typeof routes> = CallInput<(typeof routes)[Name]>;

export type ItemQuery = NonNullable<Input<"listItems">["query"]>;
export type SignupInput = Input<"signup">["body"];

/** A new listing: the create route's form fields as the server reads them, and its photos in order. */
export type NewItemInput = z.output<typeof routes.createItem.form.fields> & { images: File[] };

/** Every route of the contract that the web app calls, typed from the route table. */
export function createEndpoints(client: ApiClient) {
  const signedIn = { requiresAuth: true };
  // The browser reads only the user of a session: its tokens stay in HttpOnly cookies.
  const session = { schema: browserSessionSchema };
  return {
    client,
    signup: (body: SignupInput) => client.call(routes.signup, { body }, session),
    login: (username: string, password: string) =>
      client.call(routes.login, { body: { username, password } }, session),
    logout: () => client.call(routes.logout, {}),
    me: (signal?: AbortSignal) => client.call(routes.me, { signal }),

    listItems: (query: ItemQuery, signal?: AbortSignal) =>
      client.call(routes.listItems, { query, signal }),
    getItem: (id: number, signal?: AbortSignal) =>
      client.call(routes.getItem, { params: { id }, signal }),
    createItem: ({ images, ...fields }: NewItemInput) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) {
        if (value === undefined) continue;
        form.set(name, value instanceof Date ? value.toISOString() : String(value));
      }
      // the part repeats, in order: the first is the cover
      for (const image of images) form.append(routes.createItem.form.file, image);
      return client.call(routes.createItem, { form }, signedIn);
    },
    deleteItem: (id: number) => client.call(routes.deleteItem, { params: { id } }, signedIn),
    reorderPhotos: (id: number, order: number[]) =>
      client.call(routes.reorderPhotos, { params: { id }, body: { order } }, signedIn),
    buyNow: (id: number) => client.call(routes.buyNow, { params: { id } }, signedIn),
    watch: (id: number) => client.call(routes.watchItem, { params: { id } }, signedIn),
    unwatch: (id: number) => client.call(routes.unwatchItem, { params: { id } }, signedIn),
    myWatchlist: (signal?: AbortSignal) => client.call(routes.myWatchlist, { signal }, signedIn),
    placeBid: (id: number, amount: number, maxAmount?: number) =>
      client.call(
        routes.placeBid,
        { params: { id }, body: maxAmount === undefined ? { amount } : { amount, maxAmount } },
        signedIn,
      ),
    itemEventsUrl: (id: number) => pathOf(routes.itemEvents, { id }),

    myItems: (signal?: AbortSignal) => client.call(routes.myItems, { signal }, signedIn),
    myBids: (signal?: AbortSignal) => client.call(routes.myBids, { signal }, signedIn),
    myPurchases: (signal?: AbortSignal) => client.call(routes.myPurchases, { signal }, signedIn),
  };
}

export type ApiEndpoints = ReturnType<typeof createEndpoints>;

/** The app's shared instance; tests build their own with createEndpoints. */
export const apiEndpoints: ApiEndpoints = createEndpoints(new ApiClient());
