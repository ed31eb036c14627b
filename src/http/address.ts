/** Bind addresses: which are accepted, which are loopback, and the origin a bound address is reached at. */
import { isIP } from "node:net";
import { isLoopbackHost } from "../codecs/host.js";
import type { AddressInfo } from "node:net";

/**
 * A bind address as given, if it is an IP literal or `localhost` (any case); else `fail(reason)` is
 * thrown. Host names are refused so that binding never waits on DNS or reaches the network.
 * @example checkHost("::1", invalid) // "::1"
 */
export function checkHost(host: string, fail: (message: string) => Error): string {
  if (isIP(host) === 0 && host.toLowerCase() !== "localhost") {
    throw fail(`must be an IP address or 'localhost' (host names are not resolved), got '${host}'`);
  }
  return host;
}

/** Whether a bound address is loopback-only (127.0.0.0/8, ::1, or IPv4-mapped loopback): the Host check's own rule. */
export function isLoopback(address: string): boolean {
  return isLoopbackHost(address.toLowerCase());
}

/** `http://host:port` (or `https://`) for a bound address, using a loopback address for wildcard binds. */
export function originOf(address: AddressInfo, scheme: "http" | "https" = "http"): string {
  let host = address.address;
  if (host === "0.0.0.0") host = "127.0.0.1";
  else if (host === "::") host = "::1";
  return `${scheme}://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
}

