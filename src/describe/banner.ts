/** The start banner: the original's tables with this run's address and credentials, plus the seed. */
import { PACKAGE_NAME } from "../package-info.js";
import type { Credentials } from "../types.js";
import { ROUTE_DOCS } from "./route-docs.js";

const RULE = "-".repeat(140);

export interface BannerInfo {
  /** The package version, e.g. `0.1.0`. */
  readonly version: string;
  /** `http://127.0.0.1:5001` */
  readonly origin: string;
  readonly port: number;
  readonly credentials: Credentials;
  readonly seed: number;
  /** Whether the seed was pinned (`--seed`), which then reproduces the credentials too. */
  readonly seedPinned: boolean;
  readonly records: number;
  /** e.g. `on (capacity 20, 10 tokens/s)`, or `off`. */
  readonly rateLimit: string;
  /** Active failure simulations, or `none`. */
  readonly simulations?: string;
  readonly tokenTtlSeconds: number;
  /** OAuth2 access token lifetime in seconds (shown when given). */
  readonly accessTokenTtlSeconds?: number;
  /** How the data changes beyond churn, shown when not the defaults (soft deletes, schema drift). */
  readonly dataChanges?: string;
  /** The scheme `--require-auth` puts on every data endpoint. */
  readonly requireAuth?: string;
  /** Where the documentation lives (a local file: nothing here reaches the network). */
  readonly docs: string;
  /** The live inspector's URL, when this machine's browser may use it. */
  readonly inspector?: string;
  /** The pinned epoch (`--epoch`), shown after the seed. */
  readonly epoch?: string;
}

type Row = readonly [label: string, endpoint: string, credentials?: string];

/** Where the banner says more than the docs' label. */
const BANNER_LABELS: Readonly<Record<string, string>> = { "GET /oauth/authorize": "OAuth2 Authorize (code + PKCE)" };

function table(heading: Row, rows: readonly Row[]): string[] {
  const wide = heading.length === 3;
  const format = ([label, endpoint, credentials]: Row): string =>
    wide ? `${label.padEnd(30)} | ${endpoint.padEnd(50)} | ${(credentials ?? "").padEnd(50)}` : `${label.padEnd(30)} | ${endpoint.padEnd(50)}`;
  return [RULE, format(heading), RULE, ...rows.map(format), RULE];
}

/** The banner text, one string with newlines, no colour. */
export function renderBanner(info: BannerInfo): string {
  const url = (path: string): string => `${info.origin}${path}`;
  const { basic, session } = info.credentials;
  /** A documented route's row: its label (as the docs have it), method and URL, and what to send it. */
  const row = (key: string, credentials?: string): Row => {
    const [method, path] = key.split(" ") as [string, string];
    const label = BANNER_LABELS[key] ?? ROUTE_DOCS[key]?.label;
    if (label === undefined) throw new Error(`route ${key} has no documentation`);
    const endpoint = `${method} ${url(path.replace("{company_id}", "<company_id>"))}`;
    return credentials === undefined ? [label, endpoint] : [label, endpoint, credentials];
  };
  const lines = [
    `Starting Local API on port ${info.port} ...`,
    `${PACKAGE_NAME} ${info.version} | Seed: ${info.seed} (${info.seedPinned ? `replay this run's data and credentials with --seed ${info.seed}`
      : `replay this run's data with --seed ${info.seed}; the credentials are random unless --seed is given`})` +
      `${info.epoch === undefined ? "" : ` | Epoch: ${info.epoch}`} | Records: ${info.records} | ` +
      `Rate limit: ${info.rateLimit} | Session token lifetime: ${info.tokenTtlSeconds} s`,
    ...(info.simulations === undefined || info.simulations === "none" ? [] : [`Simulating: ${info.simulations}`]),
    ...(info.dataChanges === undefined || !/soft deletes|schema drift \(/.test(info.dataChanges) ? [] : [`Data changes: ${info.dataChanges}`]),
    ...(info.requireAuth === undefined ? [] : [`Every data endpoint requires ${info.requireAuth} credentials (--require-auth ${info.requireAuth}), answering as its auth endpoint does`]),
    ...table(["Pagination Type", "Endpoint"], [
      row("GET /pagination/next_page_url"),
      row("GET /pagination/page_number"),
      row("GET /pagination/offset"),
      row("GET /pagination/keyset"),
      row("GET /pagination/link_header"),
      row("GET /pagination/cursor"),
    ]),
    ...table(["API Endpoint Type", "Endpoint"], [
      row("GET /export/csv"),
      row("POST /export/jobs"),
    ]),
    ...table(["Incremental Sync Type", "Endpoint"], [
      row("GET /incremental/timestamp"),
      row("GET /incremental/step"),
      row("GET /incremental/deleted"),
    ]),
    ...table(["Authentication Endpoint Type", "Endpoint", "Credentials"], [
      row("GET /auth/http_basic", `Username: ${basic.username} Password: ${basic.password}`),
      row("GET /auth/http_bearer", `Bearer Token: ${info.credentials.bearer}`),
      row("GET /auth/api_key", `API Key: ${info.credentials.apiKey}`),
      row("POST /auth/session_token/login", `Username: ${session.username}  Password: ${session.password}`),
      row("GET /auth/session_token/data", "Use Token Received from Login endpoint"),
      row("POST /oauth/token", `Client ID: ${info.credentials.oauth2.clientId}  Client Secret: ${info.credentials.oauth2.clientSecret}`),
      row("GET /oauth/authorize", "Approves at once and redirects to redirect_uri"),
      row("GET /auth/oauth2/data", `Bearer access_token from /oauth/token (lives ${info.accessTokenTtlSeconds ?? 3600} s)`),
    ]),
    ...table(["Cursor Endpoint Type", "Endpoint"], [
      row("GET /cursors/companies"),
      row("GET /cursors/{company_id}/departments"),
    ]),
    "You can read about the API documentation for each endpoint on: ",
    info.docs,
    ...(info.inspector === undefined ? [] : ["Watch every request live in the inspector: ", info.inspector]),
    RULE,
    "For your observability the API requests will be logged here!",
    "Keep this process up and running until you finish trying out the API.",
    "",
    "Press CTRL+C to quit",
  ];
  return lines.join("\n");
}
