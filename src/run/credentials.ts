/** A run's credentials in the original's shapes, drawn from the seeded PRNG or from node:crypto. */
import { randomBytes, randomUUID } from "node:crypto";
import type { Credentials } from "../types.js";

/** Where credentials' random digits come from: the seeded PRNG, or `node:crypto`. */
export interface RandomSource {
  hex(length: number): string;
  uuid4(): string;
}

/** Unpredictable digits: credentials nobody can derive from the (public) data. */
export const CRYPTO_RANDOM: RandomSource = {
  hex: (length) => randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length),
  uuid4: () => randomUUID(),
};

/**
 * Credentials in the original's shapes: Basic `xxxxx@example.com` + 8 hex, UUID bearer and API key,
 * session user + 10 hex; then the OAuth2 client (drawn last, so the others are what they always were).
 */
export function generateCredentials(rng: RandomSource): Credentials {
  const basic = { username: `${rng.hex(5)}@example.com`, password: rng.hex(8) };
  const bearer = rng.uuid4();
  const apiKey = rng.uuid4();
  const session = { username: `${rng.hex(5)}@example.com`, password: rng.hex(10) };
  return { basic, bearer, apiKey, session, oauth2: generateOAuthClient(rng) };
}

/** An OAuth2 client: `playground-` + 12 hex digits, and a 32-hex-digit secret. */
export function generateOAuthClient(rng: RandomSource): Credentials["oauth2"] {
  return { clientId: `playground-${rng.hex(12)}`, clientSecret: rng.hex(32) };
}
