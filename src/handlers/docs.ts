/** Self-description: the OpenAPI document and the documentation page, both built from the route table. */
import { renderDocsPage } from "../docs-page.js";
import { buildOpenApi, type DocumentedRoute } from "../openapi.js";
import type { AppState, PlainRequest, PlainResponse } from "../types.js";
import { jsonText } from "./respond.js";

/** `GET /openapi.json` for the given routes; `servers` is the address the request came in on. */
export function openApiDocument(routes: readonly DocumentedRoute[], request: PlainRequest): PlainResponse {
  return jsonText(JSON.stringify(buildOpenApi(routes, request.origin), null, 2));
}

/** `GET /` and `/docs`: credentials appear only while the server is bound to a loopback address. */
export function docsPage(routes: readonly DocumentedRoute[], request: PlainRequest, state: AppState): PlainResponse {
  const openapi = buildOpenApi(routes, request.origin);
  return {
    status: 200,
    headers: { "Content-Type": "text/html; charset=utf-8" },
    body: renderDocsPage(openapi, state.binding.loopback ? state.credentials : undefined),
  };
}
