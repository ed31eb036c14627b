/**
 * DNS-rebinding defence. A page on another origin can make a browser send requests to 127.0.0.1 under
 * its own host name; the browser then lets that page read the answers (the docs page carries the
 * credentials on loopback). So while the playground is bound to loopback it answers only requests whose
 * Host names a loopback host, the bound address, or a host the user allowed (`--allowed-hosts`).
 */

/** Whether an `--allowed-hosts` entry is well formed: a host name or address, `.domain`, or `*`. */
export function isAllowedHostEntry(entry: string): boolean {
  return /^[A-Za-z0-9.*:[\]_-]{1,253}$/.test(entry);
}

/** The host of a Host header value, lower-case, without port, brackets or a trailing dot; undefined when malformed. */
export function hostOf(header: string): string | undefined {
  let host: string;
  if (header.startsWith("[")) {
    const close = header.indexOf("]");
    if (close === -1) return undefined;
    const rest = header.slice(close + 1);
    if (rest !== "" && !/^:\d{1,5}$/.test(rest)) return undefined;
    host = header.slice(1, close);
  } else {
    const colon = header.indexOf(":");
    if (colon !== -1 && (header.indexOf(":", colon + 1) !== -1 || !/^\d{1,5}$/.test(header.slice(colon + 1)))) return undefined;
    host = colon === -1 ? header : header.slice(0, colon);
  }
  host = host.toLowerCase();
  if (host.endsWith(".")) host = host.slice(0, -1);
  return host === "" ? undefined : host;
}

/** `localhost`, its subdomains, 127.0.0.0/8 and ::1 (also IPv4-mapped). */
export function isLoopbackHost(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const v4 = host.startsWith("::ffff:") ? host.slice(7) : host;
  return /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(v4) && v4.split(".").every((part) => Number(part) <= 255);
}

/**
 * Whether a request may be answered. `allowed` entries are host names (any case), `.example.com` for a
 * domain and its subdomains, or `*` for any host. Without a Host header (HTTP/1.0) a request is allowed.
 * @example hostAllowed("localhost:5001", { loopbackBind: true, boundAddress: "127.0.0.1", allowed: [] }) // true
 */
export function hostAllowed(header: string | undefined, policy: { readonly loopbackBind: boolean; readonly boundAddress: string; readonly allowed: readonly string[] }): boolean {
  if (!policy.loopbackBind || header === undefined) return true;
  const host = hostOf(header);
  if (host === undefined) return false;
  if (isLoopbackHost(host) || host === policy.boundAddress.toLowerCase()) return true;
  return policy.allowed.some((entry) => {
    const rule = entry.toLowerCase();
    return rule === "*" || rule === host || (rule.startsWith(".") && (host.endsWith(rule) || host === rule.slice(1)));
  });
}
