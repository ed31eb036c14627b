/** Self-description's routes: the OpenAPI document, the documentation page (at / and /docs) and the icon, built from the route tables they are given. */
import { withDeclared } from "./declared-openapi.js";
import { firstPage, refusalWithoutCredentials } from "../api/declared.js";
import { DOCS_PAGE_HEADERS, renderDocsPage } from "./docs-page.js";
import { encodeCursor } from "../codecs/cursor.js";
import { formatEpoch } from "../simulate/clock.js";
import { buildOpenApi, type DocumentedRoute, type OpenApiContext } from "./openapi.js";
import type { DocumentedControlRoute } from "./control-openapi.js";
import type { Route } from "../run/route.js";
import type { PlainRequest, PlainResponse } from "../types.js";
import type { Run } from "../run/run.js";
import { jsonText } from "../run/respond.js";

/** What the document states about this run: the token lifetime, and the credentials only on loopback. */
function openApiContext(state: Run, origin: string): OpenApiContext {
  const first = state.records.view("updatedAt", "asc");
  return {
    tokenTtlSeconds: state.tokenTtlSeconds,
    accessTokenTtlSeconds: state.oauth.accessTtlSeconds,
    exportJobSeconds: state.exportJobs.jobSeconds,
    refreshRotation: state.oauth.rotation,
    requireAuth: state.settings.requireAuth,
    schemaDriftAt: state.schemaDriftAt === undefined ? undefined : formatEpoch(state.schemaDriftAt),
    credentials: state.binding.loopback ? state.credentials : undefined,
    examples: {
      // A body cursor belongs to its seed: the example is this run's, continuing after the earliest change.
      cursor: encodeCursor(state.settings.seed, first.length === 0 ? 0 : state.records.updatedAtOf(first.at(0))),
      // The client id is shown where the credentials are.
      ...(state.binding.loopback ? { client_id: state.credentials.oauth2.clientId } : {}),
      redirect_uri: `${origin}/oauth/callback`,
    },
  };
}

/** The routes a document describes: the API's and the self-description's (its main groups), and the control plane's. */
interface Described {
  readonly routes: readonly DocumentedRoute[];
  readonly control: readonly DocumentedControlRoute[];
}

/** `GET /openapi.json` for the given routes; `servers` is the address the request came in on. */
export function openApiDocument(described: Described, request: PlainRequest, state: Run): PlainResponse {
  return jsonText(JSON.stringify(documentFor(described, request, state), null, 2));
}

/** The document for this request's origin, with this run's declared resources (if any). */
function documentFor(described: Described, request: PlainRequest, state: Run): Record<string, unknown> {
  const document = buildOpenApi(described.routes, described.control, request.origin, openApiContext(state, request.origin));
  return withDeclared(document, state.declared, (resource) => firstPage(resource, request.origin), (resource) => refusalWithoutCredentials(resource, state));
}

/** `GET /` and `/docs`: credentials appear only while the server is bound to a loopback address. */
export function docsPage(described: Described, request: PlainRequest, state: Run): PlainResponse {
  const openapi = documentFor(described, request, state);
  return {
    status: 200,
    headers: DOCS_PAGE_HEADERS,
    body: renderDocsPage(openapi, state.settings, state.binding.loopback ? state.credentials : undefined),
  };
}

/**
 * A 16×16 icon (ICO holding a 32-bit bitmap): three white rows on the accent blue, drawn here so the
 * package ships no binary file. Browsers ask for /favicon.ico with every page; answering it stops their 404s.
 */
export function renderFavicon(): Buffer {
  const size = 16;
  const pixels = size * size * 4;
  const mask = size * 4;
  const icon = Buffer.alloc(6 + 16 + 40 + pixels + mask);
  icon.writeUInt16LE(1, 2); // type: icon
  icon.writeUInt16LE(1, 4); // one image
  icon.writeUInt8(size, 6);
  icon.writeUInt8(size, 7);
  icon.writeUInt16LE(1, 10); // planes
  icon.writeUInt16LE(32, 12); // bits per pixel
  icon.writeUInt32LE(40 + pixels + mask, 14);
  icon.writeUInt32LE(22, 18); // where the bitmap starts
  icon.writeUInt32LE(40, 22); // BITMAPINFOHEADER
  icon.writeInt32LE(size, 26);
  icon.writeInt32LE(size * 2, 30); // colour and mask halves
  icon.writeUInt16LE(1, 34);
  icon.writeUInt16LE(32, 36);
  icon.writeUInt32LE(pixels + mask, 42);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Rounded corners: leave the pixels outside a 3-pixel radius transparent.
      const cx = Math.min(x, size - 1 - x);
      const cy = Math.min(y, size - 1 - y);
      if (cx < 3 && cy < 3 && (3 - cx) ** 2 + (3 - cy) ** 2 > 10) continue;
      const bar = x >= 4 && x <= 11 && (y === 4 || y === 5 || y === 7 || y === 8 || y === 10 || y === 11);
      // Bitmap rows run bottom-up, pixels are blue, green, red, alpha.
      const at = 62 + ((size - 1 - y) * size + x) * 4;
      icon.set(bar ? [0xff, 0xff, 0xff, 0xff] : [0xc5, 0x57, 0x24, 0xff], at);
    }
  }
  return icon;
}

const FAVICON = renderFavicon();

/** `GET /favicon.ico`. */
export function favicon(): PlainResponse {
  return { status: 200, headers: { "Content-Type": "image/x-icon", "Cache-Control": "public, max-age=86400" }, body: FAVICON };
}

/** The documentation depends on the origin (in the request) and on whether credentials may be shown. */
const DOCS_VERSION = (state: Run): string => `docs@${state.binding.loopback ? "loopback" : "public"}`;
// Self-description: never rate-limited or faulted; query strings ignored; cached per origin and binding.
const SELF_DESCRIPTION = { query: [], cacheKey: DOCS_VERSION, documentation: true, ignoresQuery: true, answerNamesOrigin: true } as const;

/**
 * The self-description's routes — the docs page (at `/` and `/docs`), the OpenAPI document and the icon —
 * describing the API's routes, themselves included, and the control plane's.
 */
export function selfDescription(api: readonly Route[], control: readonly DocumentedControlRoute[]): Route[] {
  const routes: Route[] = [...api];
  const described: Described = { routes, control };
  const own: Route[] = [
    { method: "GET", path: "/", handler: (request, state) => docsPage(described, request, state), ...SELF_DESCRIPTION },
    { method: "GET", path: "/docs", handler: (request, state) => docsPage(described, request, state), ...SELF_DESCRIPTION },
    { method: "GET", path: "/openapi.json", handler: (request, state) => openApiDocument(described, request, state), ...SELF_DESCRIPTION },
    { method: "GET", path: "/favicon.ico", handler: favicon, ...SELF_DESCRIPTION },
  ];
  routes.push(...own);
  return own;
}
