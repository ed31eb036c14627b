/** The start banner: the original's tables with this run's address and credentials, plus the seed. */
import { PACKAGE_NAME } from "../package-info.js";
import type { Credentials } from "../types.js";
import { ROUTE_DOCS } from "./route-docs.js";


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
  /** With `--https`: the file holding the certificate authority clients should trust. */
  readonly caFile?: string;
  /** Declared resources (`--resources`): name, path, auth scheme and where their tombstones are listed. */
  readonly declared?: readonly { readonly name: string; readonly path: string; readonly auth: string; readonly tombstones?: string }[];
}

/** A table row: label, endpoint and, in the authentication table, what to send (a line each). */
type Row = readonly [label: string, endpoint: string, credentials?: string | readonly string[]];

/** The widest a banner line is (the rules; rows of a typical address stay inside). */
export const BANNER_WIDTH = 100;
const RULE = "-".repeat(BANNER_WIDTH);
const LABEL_WIDTH = 30;

/** Where the banner says more than the docs' label. */
const BANNER_LABELS: Readonly<Record<string, string>> = { "GET /oauth/authorize": "OAuth2 Authorize (code + PKCE)" };

/**
 * One of the original's tables, at most 100 columns wide: label | endpoint, and a third column (the
 * credentials) on the line under its row, so a long secret never widens the table.
 */
function table(heading: Row, rows: readonly Row[]): string[] {
  const format = ([label, endpoint, credentials]: Row): string[] => {
    const line = `${label.padEnd(LABEL_WIDTH)} | ${endpoint.padEnd(50)}`.trimEnd();
    if (credentials === undefined) return [line];
    return [line, ...(typeof credentials === "string" ? [credentials] : credentials).map((text) => `${"".padEnd(LABEL_WIDTH)} |   ${text}`)];
  };
  const [label, endpoint, credentials] = heading;
  const head = `${label.padEnd(LABEL_WIDTH)} | ${credentials === undefined ? endpoint : `${endpoint} / ${credentials}`}`;
  return [RULE, head, RULE, ...rows.flatMap(format), RULE];
}

/** Words in lines of at most the banner's width, continuation lines indented by two spaces. */
function wrapped(text: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > BANNER_WIDTH) {
      lines.push(line);
      line = `  ${word}`;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/** The seed line's words: what `--seed N` gives back. */
function seedText(info: BannerInfo): string {
  return `Seed: ${info.seed} (--seed ${info.seed} replays this run's data${info.seedPinned ? " and credentials" : ", not its random credentials"})`;
}

/** What leads either banner: the address, the docs, the seed, the settings and any active simulation. */
function header(info: BannerInfo): string[] {
  return [
    `${PACKAGE_NAME} ${info.version} | ${info.origin} | docs: ${info.docs}`,
    ...(info.caFile === undefined ? [] : wrapped(`HTTPS: trust the certificate authority in ${info.caFile} ` +
      "(curl --cacert FILE, Python requests verify=FILE, Node NODE_EXTRA_CA_CERTS=FILE)")),
    ...wrapped(`${seedText(info)}${info.epoch === undefined ? "" : ` | Epoch: ${info.epoch}`}`),
    ...wrapped(`Records: ${info.records} | Rate limit: ${info.rateLimit} | Session token lifetime: ${info.tokenTtlSeconds} s`),
    ...(info.simulations === undefined || info.simulations === "none" ? [] : wrapped(`Simulating: ${info.simulations}`)),
    ...(info.dataChanges === undefined || !/soft deletes|schema drift \(/.test(info.dataChanges) ? [] : wrapped(`Data changes: ${info.dataChanges}`)),
    ...(info.requireAuth === undefined ? [] : wrapped(`Every data endpoint requires ${info.requireAuth} credentials (--require-auth ${info.requireAuth}), answering as its auth endpoint does`)),
  ];
}

/** The lines that end both banners. */
function footer(info: BannerInfo): string[] {
  return [
    ...(info.inspector === undefined ? [] : ["Watch every request live in the inspector: ", info.inspector]),
    RULE,
    "For your observability the API requests will be logged here!",
    "Keep this process up and running until you finish trying out the API.",
    "",
    "Press CTRL+C to quit",
  ];
}

/**
 * `--banner short`: the address, this run's credentials and the links, in about 20 lines; the endpoints
 * are on the docs page.
 */
export function renderShortBanner(info: BannerInfo): string {
  const { basic, session, oauth2 } = info.credentials;
  return [
    `Starting Local API on port ${info.port} ...`,
    ...header(info),
    RULE,
    "Credentials (every endpoint and how to call it: the docs page above)",
    `  HTTP Basic      ${basic.username}  ${basic.password}`,
    `  Bearer token    ${info.credentials.bearer}`,
    `  API key         ${info.credentials.apiKey}`,
    `  Session login   ${session.username}  ${session.password}`,
    `  OAuth2 client   ${oauth2.clientId}  ${oauth2.clientSecret}`,
    ...(info.declared === undefined || info.declared.length === 0 ? [] : wrapped(`Your resources: ${info.declared.map(({ path }) => path).join(", ")}`)),
    ...footer(info),
  ].join("\n");
}

/** The banner text, one string with newlines, no colour: the original's tables, at most 100 columns wide. */
export function renderBanner(info: BannerInfo): string {
  const url = (path: string): string => `${info.origin}${path}`;
  const { basic, session } = info.credentials;
  /** A documented route's row: its label (as the docs have it), method and URL, and what to send it. */
  const row = (key: string, credentials?: string | readonly string[]): Row => {
    const [method, path] = key.split(" ") as [string, string];
    const label = BANNER_LABELS[key] ?? ROUTE_DOCS[key]?.label;
    if (label === undefined) throw new Error(`route ${key} has no documentation`);
    const endpoint = `${method} ${url(path.replace("{company_id}", "<company_id>"))}`;
    return credentials === undefined ? [label, endpoint] : [label, endpoint, credentials];
  };
  const lines = [
    `Starting Local API on port ${info.port} ...`,
    ...header(info),
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
      row("POST /oauth/token", [`Client ID: ${info.credentials.oauth2.clientId}`, `Client Secret: ${info.credentials.oauth2.clientSecret}`]),
      row("GET /oauth/authorize", "Approves at once and redirects to redirect_uri"),
      row("GET /auth/oauth2/data", `Bearer access_token from /oauth/token (lives ${info.accessTokenTtlSeconds ?? 3600} s)`),
    ]),
    ...table(["Cursor Endpoint Type", "Endpoint"], [
      row("GET /cursors/companies"),
      row("GET /cursors/{company_id}/departments"),
    ]),
    ...(info.declared === undefined || info.declared.length === 0 ? [] : table(["Your resources (--resources)", "Endpoint", "Auth"],
      info.declared.map(({ name, path, auth, tombstones }): Row => [name, `GET ${url(path)}`, [auth === "none" ? "open" : `${auth} (this run's credentials above)`,
        ...(tombstones === undefined ? [] : [`deleted: GET ${url(tombstones)}`, `CSV: GET ${url(`/export/csv/${name}`)}`])]]))),
    "You can read about the API documentation for each endpoint on: ",
    info.docs,
    ...footer(info),
  ];
  return lines.join("\n");
}
