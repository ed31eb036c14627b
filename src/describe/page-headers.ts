/** The headers of the playground's own HTML pages (the docs page, the inspector). */
import { createHash } from "node:crypto";

const sha256 = (text: string): string => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/**
 * Only the page's inline style and script (by hash) run, it talks only to this server, and no other site
 * may frame it.
 */
export function pageHeaders(style: string, script: string, extra: Readonly<Record<string, string>> = {}): Readonly<Record<string, string>> {
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": `default-src 'none'; style-src ${sha256(style)}; script-src ${sha256(script)}; connect-src 'self'; ` +
      "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    ...extra,
  };
}
