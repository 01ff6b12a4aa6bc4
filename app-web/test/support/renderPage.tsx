import { File as NodeFile } from "node:buffer";
import { sessionHintCookie } from "@ssgbay/contract";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { ApiClient } from "../../src/api/client";
import { createEndpoints } from "../../src/api/endpoints";
import { AuthProvider } from "../../src/auth/AuthContext";
import { I18nProvider, type Language, loadCatalog } from "../../src/i18n/i18n";

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

/**
 * jsdom replaces FormData and File with its own classes, which Node's fetch cannot send; the
 * browser sends them natively. Rebuild the form with Node's classes before it goes on the wire.
 */
const bridgedFetch: typeof fetch = async (input, init) => {
  const body = init?.body;
  if (!(body instanceof FormData)) return fetch(input, init);
  const NodeFormData = (await new Response(new URLSearchParams()).formData()).constructor as {
    new (): { append(name: string, value: string | Blob, fileName?: string): void };
  };
  const nodeForm = new NodeFormData();
  for (const [name, value] of body.entries()) {
    if (typeof value === "string") nodeForm.append(name, value);
    else {
      const bytes = new Uint8Array(await new Response(value).arrayBuffer());
      nodeForm.append(
        name,
        new NodeFile([bytes], value.name, { type: value.type }) as Blob,
        value.name,
      );
    }
  }
  return fetch(input, { ...init, body: nodeForm as unknown as BodyInit });
};

/**
 * Renders one page at `path` with the real providers and API client, talking to `apiUrl`.
 * The probe shows where the app navigated to.
 */
export async function renderPage(
  page: ReactElement,
  options: {
    apiUrl: string;
    route: string;
    path: string;
    language?: Language;
    /** Whether the API's session hint cookie is set (so the app asks who is signed in); true by default. */
    sessionHint?: boolean;
  },
) {
  const language = options.language ?? "ko";
  // jsdom has no Cookie Store API; the app reads document.cookie as a browser gives it
  // biome-ignore lint/suspicious/noDocumentCookie: setting the cookie the API would have set
  document.cookie =
    options.sessionHint === false
      ? `${sessionHintCookie}=; Max-Age=0; Path=/`
      : `${sessionHintCookie}=1; Path=/`;
  await loadCatalog(language);
  const api = createEndpoints(new ApiClient(options.apiUrl, bridgedFetch));
  return render(
    <I18nProvider initial={language}>
      <MemoryRouter initialEntries={[options.path]}>
        <AuthProvider api={api}>
          <Routes>
            <Route path={options.route} element={page} />
            <Route path="*" element={null} />
          </Routes>
          <LocationProbe />
        </AuthProvider>
      </MemoryRouter>
    </I18nProvider>,
  );
}
