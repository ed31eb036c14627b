import assert from "node:assert/strict";
import { test } from "node:test";
import { checkHost, isLoopback, originOf } from "../../src/http/address.js";

test("bound addresses: loopback by the Host check's rule; wildcard binds are reached through loopback; host names refused", () => {
  for (const address of ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"]) assert.equal(isLoopback(address), true, address);
  for (const address of ["0.0.0.0", "::", "10.1.2.3", "192.168.0.1"]) assert.equal(isLoopback(address), false, address);
  assert.equal(originOf({ address: "0.0.0.0", port: 80, family: "IPv4" }), "http://127.0.0.1:80");
  assert.equal(originOf({ address: "::", port: 81, family: "IPv6" }), "http://[::1]:81");
  assert.equal(checkHost("LocalHost", (m) => new Error(m)), "LocalHost");
  assert.throws(() => checkHost("example.com", (m) => new RangeError(m)), /must be an IP address or 'localhost'/);
});
