/**
 * Secrets kept out of everything the playground shows about requests: the journal, the event stream,
 * the inspector and the request log. Authorization headers keep their scheme only; cookies and admin
 * tokens are replaced whole; any other text has this run's secrets (and session tokens, which embed the
 * session password, and OAuth2 tokens and codes, recognised by their prefixes) replaced wherever they appear.
 */
import { decodeBase64Text } from "../codecs/base64.js";
import { OAUTH_TOKEN_PATTERN } from "../codecs/oauth-token.js";
import type { Credentials } from "../types.js";
import { Memo } from "../data/memo.js";

export const REDACTED = "[redacted]";

/** Headers whose whole value is a secret (lower-case names). */
const SECRET_HEADERS = new Set(["cookie", "set-cookie", "x-playground-admin-token"]);
/** Headers that carry `<scheme> <secret>`: the scheme stays. */
const SCHEME_HEADERS = new Set(["authorization", "proxy-authorization"]);
/** Runs of base64 long enough to hide a session token or Basic credentials. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;

export class Redactor {
  private readonly secrets: readonly string[];

  /** @param credentials this run's credentials; `extra` further secrets (the admin token). */
  constructor(credentials: Credentials, extra: readonly (string | undefined)[] = []) {
    const texts = [credentials.basic.password, credentials.bearer, credentials.apiKey, credentials.session.password, credentials.oauth2.clientSecret,
      Buffer.from(`${credentials.basic.username}:${credentials.basic.password}`).toString("base64"), ...extra];
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = texts.filter((text): text is string => text !== undefined && text.length > 0).sort((a, b) => b.length - a.length);
  }

  private readonly targets = new Memo<string, string>(1024, 512);
  /** `redact`, bound once (not a closure per request). */
  private readonly redactOne = (text: string): string => this.redact(text);

  /** `redact` for request targets, remembered (clients send the same few again and again; bounded). */
  redactTarget(target: string): string {
    return this.targets.get(target, this.redactOne);
  }

  /** Whether the text contains a secret, or base64 that decodes to text containing one. */
  contains(text: string): boolean {
    return this.redact(text) !== text;
  }

  /** The text with every secret, every OAuth2 token or code, and every base64 run hiding a secret, replaced by `[redacted]`. */
  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    if (out.includes("pg")) out = out.replace(OAUTH_TOKEN_PATTERN, REDACTED);
    if (out.length < 16) return out;
    return out.replace(BASE64_RUN, (run) => {
      const decoded = decodeBase64Text(run);
      return decoded !== undefined && this.secrets.some((secret) => decoded.includes(secret)) ? REDACTED : run;
    });
  }

  /** A header value as it may be shown. */
  header(name: string, value: string): string {
    if (SECRET_HEADERS.has(name)) return REDACTED;
    if (SCHEME_HEADERS.has(name)) {
      const space = value.indexOf(" ");
      return space === -1 ? REDACTED : `${value.slice(0, space)} ${REDACTED}`;
    }
    return this.redact(value);
  }

  /** Request headers as they may be shown (lower-case names; repeated values joined by `, `). */
  headers(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
    const shown: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      shown[name] = this.header(name, Array.isArray(value) ? value.join(", ") : value);
    }
    return shown;
  }
}
