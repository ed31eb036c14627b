/**
 * The package's public contract for TypeScript: what `createServer` takes (PlaygroundOptions) and what it
 * returns (Playground), with every field documented for editors' hover. The implementation is server.ts.
 */
import type { Server } from "node:http";
import type { JournalEntry } from "./control/journal.js";
import type { EndpointSummary } from "./control/summary.js";
import type { LogEntry } from "./http/log.js";
import type { RetryAfterFormat } from "./http/pipeline.js";
import type { ChurnChange, ClockReading, FaultSettings, PlaygroundConfig, RateLimitSettings } from "./run/settings.js";
import type { ScriptStep } from "./simulate/fault-script.js";
import type { FaultOptions } from "./simulate/faults.js";
import type { ChurnMix } from "./simulate/churn.js";
import type { Credentials, CredentialsInput, RequireAuth } from "./types.js";

export interface RateLimitOptions {
  /** Bucket size, the largest burst (integer >= 1, default 20). */
  readonly capacity?: number;
  /** Tokens added per second (default 10). */
  readonly refillPerSecond?: number;
}

export interface PlaygroundOptions {
  /**
   * Seed for records, simulated changes and faults, and for the credentials; when absent, a random seed
   * (reported as `seed`) drives the data and the credentials come from node:crypto instead, so the
   * public data cannot reveal them.
   */
  readonly seed?: number;
  /**
   * This run's credentials, set explicitly (each a non-empty printable string without spaces; usernames
   * without `:`). Without `oauth2`, the OAuth2 client is generated from the seed.
   */
  readonly credentials?: CredentialsInput;
  /** Number of user records, 1–1,000,000,000 (default 200): computed when asked for, never stored. */
  readonly records?: number;
  /**
   * While bound to loopback, Host names answered besides loopback ones and the bound address (DNS
   * rebinding protection): host names, `.example.com` for a domain and its subdomains, or `*` for any.
   */
  readonly allowedHosts?: readonly string[];
  /** Address to bind: an IP address or `localhost` (default 127.0.0.1); host names are refused with a PlaygroundError (a RangeError). */
  readonly host?: string;
  /** The token-bucket rate limit: `true` for the defaults, an object to tune it; off when absent or `false`. */
  readonly rateLimit?: boolean | RateLimitOptions;
  /** Session token lifetime in seconds (default 3600). */
  readonly tokenTtlSeconds?: number;
  /** OAuth2 access token lifetime in seconds (default 3600). */
  readonly accessTokenTtlSeconds?: number;
  /** Whether a used refresh token is rejected afterwards (default true, as RFC 9700 advises). */
  readonly refreshRotation?: boolean;
  /**
   * OAuth2 redirect URIs the client may use besides loopback ones (any port) and this server's own
   * `/oauth/callback`: absolute http(s) URLs without a fragment, compared without their query.
   */
  readonly oauthRedirectUris?: readonly string[];
  /**
   * Guard every pagination, incremental, export and cursor endpoint with one scheme (`basic`, `bearer`,
   * `api_key`, `session` or `oauth2`), answering as that scheme's auth endpoint does. Off by default.
   */
  readonly requireAuth?: RequireAuth;
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /**
   * Where request log lines go (one call per line, no newline); `false` or absent: no log. A function that
   * declares a second parameter also gets each line's structured entry (the journal entry of an API request).
   */
  readonly log?: false | ((line: string, entry: LogEntry) => void);
  /** Failure simulation (all off by default, all seeded): latency, error, drop and slow-body rates, and the paths they apply to. */
  readonly faults?: FaultOptions;
  /** Every this many seconds, a few random records change (off when absent): see `churnMix`. */
  readonly churnSeconds?: number;
  /**
   * What churn does: relative weights of updates, inserts and deletes, as an object or as `--churn-mix`
   * text (`"update:8,insert:1,delete:1"`). Default: updates only.
   */
  readonly churnMix?: Partial<ChurnMix> | string;
  /** Deleted records stay in every list with `deletedAt` set (null on live records) instead of leaving them. */
  readonly softDelete?: boolean;
  /**
   * Schema drift: this many minutes after the epoch on the playground's clock, every record gains a
   * `phone` member (and the CSV export a last column). Off when absent; `driftSchema()` applies it at once.
   */
  readonly schemaDriftMinutes?: number;
  /** How long an export job takes in seconds, queued then running (default 6; each job within 20 % of it, seeded). */
  readonly exportJobSeconds?: number;
  /**
   * A response whose bytes the client has not taken for this long is abandoned and its connection closed
   * (default 15,000 ms), so clients that never read cannot pin memory. Waiting (latency) is not stalling.
   */
  readonly stallTimeoutMs?: number;
  /** A request body must arrive within this long, else 408 (default 10,000 ms); an upload to the verifier may not pause this long. */
  readonly bodyTimeoutMs?: number;
  /** Most simultaneous connections; more are closed at once (default 2,048). */
  readonly maxConnections?: number;
  /**
   * The instant the data is built from and the clock starts at: `YYYY-MM-DDTHH:MM:SSZ`, a Date or epoch
   * ms (whole seconds, years 2000-2999). With a seed, every start gives byte-identical data. Default: now.
   */
  readonly epoch?: string | number | Date;
  /**
   * How Retry-After is written on 429s and simulated 503s: `seconds` (default) or `http-date` (RFC 9110
   * allows both; many clients only parse the first).
   */
  readonly retryAfterFormat?: RetryAfterFormat;
  /**
   * Compress JSON and CSV answers of 1 KiB or more (and every stream) with br, gzip or deflate when the
   * request's Accept-Encoding accepts one (default true; false: always identity, no Vary).
   */
  readonly compression?: boolean;
  /**
   * Serve HTTPS on the same port: `true` makes a local certificate authority and a certificate for
   * localhost, 127.0.0.1 and ::1 at start-up (trust `certificateAuthority`); `{ cert, key }` (PEM) brings
   * your own. Off by default: plain HTTP, as the original.
   */
  readonly https?: boolean | { readonly cert: string; readonly key: string };
  /**
   * Your own API's resources (the shape of a `--resources` file, see README "Declare your API's
   * resources"): each served at its path with its fields, paging, envelope and auth. Checked at once: a
   * PlaygroundError lists every problem, one per line, each with its JSON path.
   */
  readonly resources?: unknown;
  /** Journal entries kept (default 1,000; 0 turns the journal, its event stream and the summary off). */
  readonly journal?: number;
  /** When set, every control-plane request (but health and the inspector page) needs `X-Playground-Admin-Token: <token>`, on any address. */
  readonly adminToken?: string;
}

export interface Playground {
  /** The underlying node:http server, for embedding. */
  readonly server: Server;
  /**
   * With `https: true`, the certificate authority that signed this run's certificate (PEM): what clients
   * trust (`requests`' `verify=`, `NODE_EXTRA_CA_CERTS`, `curl --cacert`). Undefined otherwise.
   */
  readonly certificateAuthority: string | undefined;
  /** The declared resources (`resources`): name, path, auth scheme and tombstones' path of each; empty without any. */
  readonly resources: readonly { readonly name: string; readonly path: string; readonly auth: string; readonly tombstones: string }[];
  /** The base URL once listening (e.g. `http://127.0.0.1:5001/`); reading it before `listen` throws. */
  readonly url: URL;
  /** This run's credentials for the auth endpoints. */
  readonly credentials: Credentials;
  /** The seed in use (the given one, or the random one chosen). */
  readonly seed: number;
  /** The instant the data was built from (`epoch`, or the start time), as `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly epoch: string;
  /** The number of user records. */
  readonly records: number;
  /** The rate limit in force, or `undefined` when off. */
  readonly rateLimit: Required<RateLimitOptions> | undefined;
  /** The session token lifetime in seconds. */
  readonly tokenTtlSeconds: number;
  /** The OAuth2 access token lifetime in seconds. */
  readonly accessTokenTtlSeconds: number;
  /** The scheme guarding every data endpoint, or undefined. */
  readonly requireAuth: RequireAuth | undefined;
  /** How the data changes beyond churn (soft deletes, schema drift, export job length), in one line. */
  readonly dataChanges: string;
  /** The active failure simulations in one line (`none` when off), as the banner shows them. */
  readonly simulations: string;
  /** Everything about this run, as `GET /__playground/config` answers it (credentials included only while on loopback). */
  config(): PlaygroundConfig;
  /** The journal, oldest first: entries with seq > `since`, at most `limit`. */
  requests(options?: { readonly since?: number; readonly limit?: number }): JournalEntry[];
  /** Empties the journal and the sync summary (seq keeps counting). */
  clearRequests(): void;
  /** The sync summary per endpoint (what the inspector shows above the list). */
  summary(): EndpointSummary[];
  /** The playground's clock: token expiry, the bucket's refill, churn and timestamps all follow it. */
  readonly clock: ClockControl;
  /** Back to the state right after start: data, bucket, fault stream, script and settings, clock offset, revocations, journal. */
  reset(): void;
  /**
   * Applies `ticks` churn ticks now (default 1; what the `churnSeconds` timer does each time): each
   * gives one to three records a new, later updatedAt. Returns the ids and new updatedAt values.
   */
  churn(ticks?: number): ChurnChange[];
  /** Replaces every fault setting (missing fields take their defaults). */
  setFaults(faults: FaultOptions): FaultSettings;
  /** Queues exact failures ahead of the random ones (see README, "Scripted faults"); returns the whole queue. */
  scriptFaults(steps: readonly ScriptStep[]): (ScriptStep & { readonly remaining: number })[];
  /** Turns the rate limit on or off and tunes it; the bucket starts full. */
  setRateLimit(options: { readonly enabled?: boolean; readonly capacity?: number; readonly refillPerSecond?: number }): RateLimitSettings;
  /** Every session token issued so far is rejected from now on. */
  revokeTokens(): { readonly revokedAt: string };
  /** Schema drift now: every record gains `phone` (the CSV export a last column), as `schemaDriftMinutes` does when due. */
  driftSchema(): { readonly drifted: true; readonly at: string };
  /** Starts listening (port 0 picks a free port; default 0) and resolves with the base URL. */
  listen(port?: number, host?: string): Promise<URL>;
  /** Stops listening, ends event streams and idle keep-alive sockets, and resolves when the server is closed. */
  close(): Promise<void>;
  /** `await using playground = createServer(...)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void>;
}


/** The playground's clock (`playground.clock`). */
export interface ClockControl {
  /** The playground's time now, in epoch milliseconds (the real time plus every `advance`). */
  now(): number;
  /**
   * Moves the clock forward by `seconds` (0 to 10 years; never past 9999-12-31): tokens expire, the
   * bucket refills and timestamps move as if that time had passed. Returns the clock's reading after it.
   */
  advance(seconds: number): ClockReading;
  /** The clock's reading: now, the epoch, and the seconds added since the start or the last reset. */
  read(): ClockReading;
}
