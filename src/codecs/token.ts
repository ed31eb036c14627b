/**
 * Session tokens: standard base64 of `username:password:<expiry unix seconds>`, as in the original.
 * Stateless: any server with the same credentials can verify one.
 */
import { decodeBase64Text, encodeBase64Text } from "./base64.js";

export interface SessionToken {
  /** `username:password` */
  readonly secret: string;
  /** Expiry in epoch seconds. */
  readonly expiresAt: number;
}

/** @example encodeSessionToken("u", "p", 1774447135) // base64 of "u:p:1774447135" */
export function encodeSessionToken(username: string, password: string, expiresAt: number): string {
  return encodeBase64Text(`${username}:${password}:${expiresAt}`);
}

/** The parts of a token, or `undefined` when it is not base64 of `user:pass:<digits>`. */
export function decodeSessionToken(token: string): SessionToken | undefined {
  const text = decodeBase64Text(token);
  if (text === undefined) return undefined;
  const lastColon = text.lastIndexOf(":");
  const secret = text.slice(0, lastColon);
  const expiry = text.slice(lastColon + 1);
  if (lastColon <= 0 || !secret.includes(":") || !/^\d{1,15}$/.test(expiry)) return undefined;
  return { secret, expiresAt: Number(expiry) };
}
