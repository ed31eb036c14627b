/** OAuth2 redirect URIs (RFC 6749 §3.1.2): which text is one, and the form a registered one is compared in. */

/** An absolute http(s) URL without a fragment (RFC 6749 §3.1.2), or undefined. */
export function redirectTarget(text: string | undefined): URL | undefined {
  if (text === undefined || text.length > 2048) return undefined;
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && !text.includes("#") ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A redirect URI as `--oauth-redirect-uris` registers it: kept without its query (the form compared), or
 * undefined when it is not an absolute http(s) URL without a fragment.
 * @example registrableRedirect("https://app.example/cb?x=1") // "https://app.example/cb"
 */
export function registrableRedirect(text: string): string | undefined {
  const target = redirectTarget(text);
  return target === undefined ? undefined : `${target.origin}${target.pathname}`;
}
