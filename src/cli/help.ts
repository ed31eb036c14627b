/**
 * `--help` for the program and for each command, laid out by one formatter: option names in a column of
 * their own (a name too long for it puts its description on the next line, never touching it), descriptions
 * wrapped at word boundaries, no line over HELP_WIDTH columns. The numeric options' rows come from the
 * settings table (src/options.ts), so a range or a default is written once.
 */
import { helpRow, SETTINGS } from "../options.js";

/** The widest a help line may be. */
export const HELP_WIDTH = 100;
/** Where descriptions start. */
const DESCRIPTION_COLUMN = 27;

/** An option or command and what it does. */
export type HelpRow = readonly [name: string, description: string];

/** Words of `text` in lines of at most `width` columns (a single longer word stands alone; "(default: X)" stays whole). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.replaceAll("(default: ", "(default:\u00a0").split(" ").filter((part) => part !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines.map((kept) => kept.replaceAll("\u00a0", " "));
}

/**
 * Rows as help text: `  name` then the description from column 27, wrapped; a name of 24 or more
 * characters (which would leave less than two spaces) gets its description on the lines below it.
 */
export function formatRows(rows: readonly HelpRow[]): string {
  const indent = " ".repeat(DESCRIPTION_COLUMN);
  const out: string[] = [];
  for (const [name, description] of rows) {
    const head = `  ${name}`;
    const lines = wrap(description, HELP_WIDTH - DESCRIPTION_COLUMN);
    if (head.length >= DESCRIPTION_COLUMN - 1) out.push(head, ...lines.map((line) => indent + line));
    else out.push(head.padEnd(DESCRIPTION_COLUMN) + (lines[0] ?? ""), ...lines.slice(1).map((line) => indent + line));
  }
  return out.join("\n");
}

/** A paragraph wrapped to the help's width. */
function paragraph(text: string): string {
  return wrap(text, HELP_WIDTH).join("\n");
}

const ABOUT = "connector-playground: a local mock REST API for learning to build and test data connectors.";

const START_OPTIONS: readonly HelpRow[] = [
  helpRow(SETTINGS.port),
  ["--host H", "address to bind: an IP address or localhost (default: 127.0.0.1)"],
  helpRow(SETTINGS.seed),
  helpRow(SETTINGS.records),
  ["--rate-limit [BOOL]", "token-bucket rate limit: true/false, any case; the bare flag means true (default: false)"],
  helpRow(SETTINGS.capacity),
  helpRow(SETTINGS.refillRate),
  helpRow(SETTINGS.tokenTtl),
  helpRow(SETTINGS.accessTokenTtl),
  ["--oauth-refresh-rotation BOOL", "true: a used OAuth2 refresh token is rejected afterwards; false: reusable (default: true)"],
  ["--oauth-redirect-uris URI[,URI]", "OAuth2 redirect URIs allowed besides loopback ones and /oauth/callback"],
  ["--compression BOOL", "compress JSON and CSV answers (br, gzip, deflate) for clients whose Accept-Encoding accepts one; " +
    "false: always uncompressed (default: true)"],
  ["--require-auth SCHEME", "guard every pagination, incremental, export and cursor endpoint with basic, bearer, api_key, session " +
    "or oauth2, answering as that scheme's auth endpoint (default: off)"],
  ["--allowed-hosts H[,H]", "while on loopback, also answer these Host names (a name, .domain for its subdomains, or * for any); " +
    "others get 421 (DNS rebinding protection) (default: loopback names only)"],
  ["--banner full|short", "full: the original's endpoint tables with this run's credentials; short: the address, the " +
    "credentials and the links only (default: full)"],
  ["--quiet", "no banner and no request log: print only the base URL (no trailing slash)"],
  ["--json", "print this run's config as one JSON line once listening, then log JSON lines"],
  ["--epoch TIME", "build the data from this UTC instant (YYYY-MM-DDTHH:MM:SSZ) and start the clock there; with --seed, " +
    "every start answers byte for byte the same (default: now)"],
  ["--credentials FILE", "use the credentials in this JSON file (the shape of config.credentials)"],
  ["--resources FILE", "also serve your own API's resources, declared in this JSON file (see README, \"Declare your " +
    "API's resources\"); every problem in it is listed, exit code 2"],
  ["--https", "serve HTTPS with a certificate for localhost, 127.0.0.1 and ::1 made at start-up; clients trust the " +
    "certificate authority in the file the banner names (default: plain HTTP)"],
  ["--tls-cert FILE", "serve HTTPS with this PEM certificate (chain) instead; goes with --tls-key FILE"],
  ["--tls-key FILE", "the PEM private key of --tls-cert"],
  ["--admin-token T", "require the header X-Playground-Admin-Token: T on the control plane (/__playground/), and allow it off " +
    "loopback; 12+ characters (default: no token, loopback only)"],
  helpRow(SETTINGS.journal),
  ["--retry-after-format F", "Retry-After on 429s and simulated 503s as seconds or http-date (default: seconds)"],
];

const SIMULATION_OPTIONS: readonly HelpRow[] = [
  ["--latency MS|MIN-MAX", "delay each response by MS, or by a random MIN-MAX milliseconds (default: 0)"],
  helpRow(SETTINGS.errorRate),
  helpRow(SETTINGS.dropRate),
  helpRow(SETTINGS.slowBodyRate),
  ["--fault-paths GLOB[,GLOB]", "limit the above to matching paths; * within a segment, ** across (default: /**)"],
  helpRow(SETTINGS.churn),
  helpRow(SETTINGS.schemaDrift),
  helpRow(SETTINGS.exportJobSeconds),
  ["--churn-mix MIX", "what each churn change is, by weight: update:8,insert:1,delete:1 (default: update:1)"],
  ["--soft-delete", "deleted records stay listed with deletedAt set (null on live records) (default: off: deletes remove " +
    "them; /incremental/deleted lists them either way)"],
];

const VERIFY_OPTIONS: readonly HelpRow[] = [
  ["--url URL", "the running playground, e.g. http://127.0.0.1:5001 (required)"],
  ["--admin-token T", "the playground's --admin-token, when it has one"],
  ["--updated-field NAME", "the field or column holding each record's updatedAt, when neither updatedAt nor updated_at"],
  ["--resource NAME", "verify a declared resource (--resources) by its own id field and change cursor"],
];

const GENERAL_OPTIONS: readonly HelpRow[] = [
  ["-h, --help", "show this help and exit"],
  ["-v, --version", "print the version and exit"],
];

const ENVIRONMENT: readonly HelpRow[] = [
  ["NO_COLOR", "set to disable colour in the request log (colour is only used on a terminal)"],
];

const VERIFY_ABOUT = "Uploads what your connector ended with (a JSON array, NDJSON or CSV of id and updatedAt) to a running " +
  "playground's verifier and prints its report; exit 0 when the sync is right, 1 when not.";

/** `playground start --help`. */
export const START_HELP = `Usage: playground start [options]

${paragraph("Starts the API server: a local mock REST API for learning to build and test data connectors.")}

Options:
${formatRows(START_OPTIONS)}

Failure simulation and changing data (all off by default; seeded by --seed):
${formatRows(SIMULATION_OPTIONS)}

${formatRows(GENERAL_OPTIONS)}

Environment:
${formatRows(ENVIRONMENT)}
`;

/** `playground verify --help`. */
export const VERIFY_HELP = `Usage: playground verify FILE --url URL [--admin-token T] [--updated-field NAME] [--resource NAME]

${paragraph(VERIFY_ABOUT)}

Options:
${formatRows([...VERIFY_OPTIONS, ...GENERAL_OPTIONS])}

Example:
  playground verify synced.csv --url http://127.0.0.1:5001
`;

/** `playground --help`: the commands, then each command's options. */
export const HELP = `Usage: playground start [options]
       playground verify FILE --url URL [--admin-token T] [--updated-field NAME]

${paragraph(ABOUT)}

Commands:
${formatRows([
    ["start", "start the API server (options: playground start --help)"],
    ["verify FILE", "check a finished sync against a running playground (options: playground verify --help)"],
  ])}

Options of start:
${formatRows(START_OPTIONS)}

Failure simulation and changing data (start; all off by default; seeded by --seed):
${formatRows(SIMULATION_OPTIONS)}

Options of verify:
${formatRows(VERIFY_OPTIONS)}

${formatRows(GENERAL_OPTIONS)}

Environment:
${formatRows(ENVIRONMENT)}
`;

/** The help for a command (`start`, `verify`), or the program's. */
export function helpFor(command: string | undefined): string {
  return command === "start" ? START_HELP : command === "verify" ? VERIFY_HELP : HELP;
}
