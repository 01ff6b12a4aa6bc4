import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { ApiClient } from "../../src/api/client";
import { createEndpoints } from "../../src/api/endpoints";
import { AuthProvider } from "../../src/auth/AuthContext";
import { I18nProvider, type Language, loadCatalog } from "../../src/i18n/i18n";

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

/**
 * Renders one page at `path` with the real providers and API client, talking to `apiUrl`.
 * The probe shows where the app navigated to.
 */
export async function renderPage(
  page: ReactElement,
  options: { apiUrl: string; route: string; path: string; language?: Language },
) {
  const language = options.language ?? "ko";
  await loadCatalog(language);
  const api = createEndpoints(new ApiClient(options.apiUrl));
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
