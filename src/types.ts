/**
 * The wire contract: the plain request and answer that flow between the node:http glue and the pure
 * handlers, the records an answer serves, and the run's credentials and settings as they are stated.
 * A leaf: it imports nothing.
 */

/** Why the journal says a request was refused, when a token's state is the reason. */
export type JournalNote = "token-expired" | "token-revoked";

/** The schemes `--require-auth` can put on every data endpoint. */
export type RequireAuth = "basic" | "bearer" | "api_key" | "session" | "oauth2";
export const REQUIRE_AUTH_SCHEMES: readonly RequireAuth[] = ["basic", "bearer", "api_key", "session", "oauth2"];

/** A parsed query string (src/codecs/query.ts parses it). */
export interface Query {
  /** First value of each name (later repeats are ignored). */
  readonly values: ReadonlyMap<string, string>;
  /** Distinct names in the order they first appear. */
  readonly names: readonly string[];
}

export interface PlainRequest {
  /** Upper-case method; HEAD arrives as GET (the glue drops the body). */
  readonly method: string;
  /** The request target as sent, in origin form (`/path?query`). */
  readonly target: string;
  /** The decoded path without a trailing slash. */
  readonly path: string;
  readonly query: Query;
  /** The raw query string (after `?`, empty without one). */
  readonly search: string;
  /** Path parameters, e.g. `company_id`. */
  readonly params: Readonly<Record<string, string>>;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The request body (only read for routes that take one). */
  readonly body: Buffer | undefined;
  /** `http://host[:port]` this request came in on, for absolute URLs. */
  readonly origin: string;
  /** The injected clock's reading for this request, in milliseconds. */
  readonly now: number;
}

export interface PlainResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * JSON text or bytes, or chunks to stream with backpressure: an iterable, or (compressed as it streams)
   * an async one, which passes each chunk of its uncompressed source to `seen`.
   */
  readonly body: string | Buffer | ((seen?: (chunk: string | Buffer) => void) => Iterable<string | Buffer> | AsyncIterable<Buffer>);
  /** A compressed body's uncompressed form (for the journal's preview). */
  readonly decoded?: string | Buffer;
  /** The user records the answer holds, for the journal and the sync summary. */
  readonly served?: ServedRecords;
  /** A remark for the journal: why a token was refused. */
  readonly note?: JournalNote;
  /**
   * An answer that stays open (an event stream): called once the headers are sent, with where to write;
   * returns what to do when the client goes away.
   */
  readonly live?: (sink: LiveSink) => () => void;
}

/** Where a live answer writes. */
export interface LiveSink {
  write(text: string): void;
  /** Ends the answer normally. */
  end(): void;
  /** Closes the connection (a client too far behind). */
  abort(): void;
  /** Bytes written but not yet taken by the client. */
  backlog(): number;
}

/** The records an answer serves, in answer order. */
export interface ServedRecords {
  readonly count: number;
  /** The creation positions of records [start, start + count) in answer order (ask in blocks: a streamed answer may hold a billion). */
  positions(start: number, count: number): Int32Array;
  /** The k-th record's `id` as the answer shows it. */
  id(k: number): string;
  /** The first and last `id` (null when none), worked out once per answer. */
  readonly firstId: string | null;
  readonly lastId: string | null;
  /** Whether a further page follows (undefined where the endpoint does not page). */
  readonly more: boolean | undefined;
  /**
   * Whether this answer is the first page of a walk, when the endpoint knows (declared resources, whose
   * continuation parameters have names of their own); undefined: the summary reads it from the target.
   */
  readonly startsRun?: boolean;
}

/** This run's secrets, in the original's shapes. */
export interface Credentials {
  /** HTTP Basic: `xxxxx@example.com` and 8 hex digits. */
  readonly basic: { readonly username: string; readonly password: string };
  /** The bearer token (a UUID). */
  readonly bearer: string;
  /** The API key (a UUID), sent as `Authorization: apiKey <key>`. */
  readonly apiKey: string;
  /** Session login: `xxxxx@example.com` and 10 hex digits. */
  readonly session: { readonly username: string; readonly password: string };
  /** The OAuth2 client (`POST /oauth/token`): `playground-` + 12 hex digits, and 32 hex digits. */
  readonly oauth2: { readonly clientId: string; readonly clientSecret: string };
}

/** Credentials as `createServer` and `--credentials` take them: the OAuth2 client may be left out (it is then generated). */
export type CredentialsInput = Omit<Credentials, "oauth2"> & { readonly oauth2?: Credentials["oauth2"] };

/** This run's settings, as the banner, the docs page and the OpenAPI document state them. */
export interface RunSettings {
  readonly seed: number;
  /** Whether `--seed` reproduces the credentials too (it does only when the seed was pinned). */
  readonly credentialsFromSeed: boolean;
  readonly records: number;
  readonly tokenTtlSeconds: number;
  /** OAuth2 access token lifetime, and whether refresh tokens rotate. */
  readonly accessTokenTtlSeconds: number;
  readonly refreshRotation: boolean;
  /** The scheme `--require-auth` puts on every data endpoint, or undefined. */
  readonly requireAuth: RequireAuth | undefined;
  /** The token bucket, or `undefined` when the rate limit is off. */
  readonly rateLimit: { readonly capacity: number; readonly refillPerSecond: number } | undefined;
  /** The active failure simulations in one line, or `none`. */
  readonly simulations: string;
  /** Whether injected 5xx answers can happen (error rate above 0). */
  readonly simulatedErrors: boolean;
  readonly churnSeconds: number | undefined;
  /** How the data changes beyond churn, in one line: soft deletes, schema drift, export job length. */
  readonly dataChanges: string;
}
