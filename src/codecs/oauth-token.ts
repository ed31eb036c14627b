/**
 * OAuth2 tokens and authorization codes, stateless: `<prefix>_<base64url JSON claims>.<base64url tag>`,
 * where the tag is an HMAC-SHA256 (first 16 bytes) of the prefix and claims under a key derived from the
 * client's id and secret. Any server with the same client accepts what another issued (replicas), nothing
 * is stored per token, and the prefixes let the redactor recognise them anywhere (as GitHub's do).
 */
import { createHash, createHmac } from "node:crypto";

/** What each kind of token carries. Times are epoch seconds; `jti` is unique per token. */
export interface AccessClaims { readonly exp: number; readonly jti: string; readonly scope: string }
export interface RefreshClaims {
  readonly jti: string;
  readonly scope: string;
  /** The server's generation when issued (see OAuthState.generation): older ones are refused. */
  readonly gen: number;
  /** Issued to a public client (authorization code with PKCE, no secret): refreshing needs only client_id. */
  readonly pub: boolean;
}
export interface CodeClaims {
  readonly exp: number;
  readonly jti: string;
  /** The server's generation when issued (see OAuthState.generation): older ones are refused. */
  readonly gen: number;
  readonly scope: string;
  readonly redirect_uri: string;
  /** The PKCE S256 challenge, or "" when the code was asked for without one. */
  readonly challenge: string;
}

export const TOKEN_PREFIXES = { access: "pgat", refresh: "pgrt", code: "pgac" } as const;
export type TokenKind = keyof typeof TOKEN_PREFIXES;
type ClaimsOf<K extends TokenKind> = K extends "access" ? AccessClaims : K extends "refresh" ? RefreshClaims : CodeClaims;

/** Any playground OAuth2 token or code, wherever it appears in a text. */
export const OAUTH_TOKEN_PATTERN = /\bpg(?:at|rt|ac)_[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g;

/** The signing key of a client: a hash of its id and secret (so another seed's tokens never verify). */
export function signingKey(clientId: string, clientSecret: string): Buffer {
  return createHash("sha256").update(`connector-playground oauth2\0${clientId}\0${clientSecret}`).digest();
}

function tag(key: Buffer, prefix: string, payload: string): string {
  return createHmac("sha256", key).update(`${prefix}.${payload}`).digest().subarray(0, 16).toString("base64url");
}

/** @example encodeToken(key, "access", { exp: 1, jti: "a", scope: "read" }) // "pgat_eyJleHAiOjEs....<tag>" */
export function encodeToken<K extends TokenKind>(key: Buffer, kind: K, claims: ClaimsOf<K>): string {
  const prefix = TOKEN_PREFIXES[kind];
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${prefix}_${payload}.${tag(key, prefix, payload)}`;
}

/** The claims of a token of this kind signed with this key, or `undefined` for anything else. */
export function decodeToken<K extends TokenKind>(key: Buffer, kind: K, token: string): ClaimsOf<K> | undefined {
  const prefix = TOKEN_PREFIXES[kind];
  if (token.length > 4096 || !token.startsWith(`${prefix}_`)) return undefined;
  const dot = token.lastIndexOf(".");
  if (dot === -1) return undefined;
  const payload = token.slice(prefix.length + 1, dot);
  const given = token.slice(dot + 1);
  const expected = tag(key, prefix, payload);
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  if (difference !== 0) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown;
    return typeof claims === "object" && claims !== null && !Array.isArray(claims) ? claims as ClaimsOf<K> : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The PKCE S256 challenge of a verifier (RFC 7636 §4.2): base64url(SHA-256(ASCII verifier)), unpadded.
 * @example pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") // "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
 */
export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}
