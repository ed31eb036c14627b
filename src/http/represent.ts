/**
 * Representations: strong ETags for whole 200 answers and their 304s (RFC 9110 §8.8.3, §13.1.2), and the
 * content coding a client's Accept-Encoding picks (remembered per header value).
 */
import { createHash } from "node:crypto";
import { negotiate, type Coding } from "../codecs/encoding.js";
import type { PlainResponse } from "../types.js";
import { Memo } from "../data/memo.js";

/**
 * Strong ETags for whole 200 answers (RFC 9110 §8.8.3): a hash of the bytes, so the tag changes exactly
 * when the answer does. Tagged answers and their 304s are remembered per answer object, so a cached
 * answer is hashed once; If-None-Match uses the weak comparison the RFC prescribes for it.
 */
export class Validators {
  private readonly tagged = new WeakMap<PlainResponse, PlainResponse>();
  private readonly notModified = new WeakMap<PlainResponse, Map<string, PlainResponse>>();

  /**
   * The answer with its ETag (or a 304 when If-None-Match names it). A compressed representation has its
   * own tag, the identity one with `-<coding>` added (RFC 9110 §8.8.3: tags differ between codings);
   * `vary` puts `Vary: Accept-Encoding` on the 304 as on the 200 it stands for. `keep`: remember the
   * tagged answer and its 304s (a stored answer, served again); an answer made for one request is tagged
   * without taking an entry in these weak tables, which the garbage collector would pay for every time.
   */
  validate(response: PlainResponse, ifNoneMatch: string | undefined, coding?: Coding, vary = false, keep = true): PlainResponse {
    if (response.status !== 200 || typeof response.body === "function") return response;
    let tagged = keep ? this.tagged.get(response) : undefined;
    if (tagged === undefined) {
      const etag = `"${createHash("sha1").update(response.body).digest("base64url")}"`;
      tagged = { ...response, headers: { ...response.headers, ETag: etag } };
      if (keep) this.tagged.set(response, tagged);
    }
    if (ifNoneMatch === undefined) return tagged;
    const etag = representationTag(tagged, coding);
    if (!matchesAny(ifNoneMatch, etag)) return tagged;
    if (!keep) return notModified(etag, vary);
    let forms = this.notModified.get(tagged);
    if (forms === undefined) this.notModified.set(tagged, forms = new Map());
    let unchanged = forms.get(etag);
    if (unchanged === undefined) {
      unchanged = notModified(etag, vary);
      forms.set(etag, unchanged);
    }
    return unchanged;
  }
}

/** A 304 for the representation tagged `etag`. */
function notModified(etag: string, vary: boolean): PlainResponse {
  return { status: 304, headers: vary ? { ETag: etag, Vary: "Accept-Encoding" } : { ETag: etag }, body: "" };
}

/** The ETag of a tagged answer in a coding: `"<hash>-gzip"` for `"<hash>"`. */
export function representationTag(tagged: PlainResponse, coding: Coding | undefined): string {
  const etag = (tagged.headers as Record<string, string>).ETag as string;
  return coding === undefined ? etag : `${etag.slice(0, -1)}-${coding}"`;
}

/** Accept-Encoding headers already negotiated (clients send the same one each time; bounded). */
export class Negotiator {
  private readonly known = new Memo<string, Coding | undefined>(256, 300);

  coding(header: string | undefined): Coding | undefined {
    if (header === undefined) return undefined;
    return this.known.get(header, negotiate);
  }
}

/** If-None-Match: `*`, or a list of entity tags compared weakly (a `W/` prefix is ignored). */
export function matchesAny(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}
