/**
 * What a run's OAuth2 server remembers: the client and its signing key, the settings, the refresh tokens
 * and codes already used (by generation), the access tokens already verified and the revocation instant.
 */
import { decodeToken, signingKey, type AccessClaims } from "../codecs/oauth-token.js";
import { isLoopbackHost } from "../codecs/host.js";
import { Memo } from "../data/memo.js";

/** Used refresh tokens and codes remembered per server and generation (a new generation begins beyond this). */
export const USED_LIMIT = 100_000;
const VERIFIED_LIMIT = 1024;

/** A run's OAuth2 settings and what its server remembers. */
export class OAuthStore {
  readonly key: Buffer;
  /** Refresh tokens (with rotation) and codes already used, by jti, in this generation. */
  private readonly used = new Set<string>();
  /**
   * Refresh tokens and codes carry the generation they were issued in, and only the current one's are
   * accepted. A reset starts a new generation, and so does a full record of used ones (USED_LIMIT), so a
   * used token or code never works again: forgetting it would let it be replayed.
   */
  generation = 0;
  /** Access tokens already verified (the signature is checked once per token text). */
  readonly verified = new Memo<string, AccessClaims | undefined>(VERIFIED_LIMIT, 1024);
  /** Access tokens expiring at or before this (epoch seconds) were revoked; later ones are issued past it. */
  revokedThrough: number | undefined;

  /**
   * @param redirectUris redirect URIs registered besides the defaults (loopback ones on any port, and this
   *   server's own /oauth/callback): compared without their query, as RFC 6749 §3.1.2.3 advises
   */
  constructor(readonly clientId: string, readonly clientSecret: string, readonly accessTtlSeconds: number, readonly rotation: boolean,
    readonly redirectUris: readonly string[] = []) {
    this.key = signingKey(clientId, clientSecret);
  }

  /**
   * Whether a code may be sent to this redirect URI: a loopback address on any port (RFC 8252 §7.3), the
   * stand-in callback on the origin the request came to, or a registered URI (its query aside).
   */
  redirectAllowed(target: URL, origin: string): boolean {
    const host = target.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
    if (isLoopbackHost(host)) return true;
    const base = `${target.origin}${target.pathname}`;
    return base === `${origin}/oauth/callback` || this.redirectUris.some((uri) => uri === base);
  }

  /** Back to the start (a control-plane reset): access tokens stay valid until they expire; refresh tokens and codes issued before are refused. */
  reset(): void {
    this.revokedThrough = undefined;
    this.newGeneration();
    this.verified.clear();
  }

  private newGeneration(): void {
    this.generation++;
    this.used.clear();
  }

  /** Whether this refresh token or code (by jti) was used in this generation. */
  wasUsed(jti: string): boolean {
    return this.used.has(jti);
  }

  /** Notes a refresh token or code as used; when the record is full, a new generation begins (every earlier one is refused from then on). */
  use(jti: string): void {
    if (this.used.size >= USED_LIMIT) this.newGeneration();
    else this.used.add(jti);
  }

  /** An access token's claims, or undefined when it was not issued by this client. */
  claims(token: string): AccessClaims | undefined {
    return this.verified.get(token, (text) => {
      const claims = decodeToken(this.key, "access", text);
      return claims !== undefined && typeof claims.exp === "number" && typeof claims.scope === "string" ? claims : undefined;
    });
  }
}
