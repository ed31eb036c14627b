import assert from "node:assert/strict";
import { test } from "node:test";
import { hostAllowed, hostOf, isLoopbackHost } from "../../src/codecs/host.js";

test("hostOf: the host of a Host header, lower-case, without port, brackets or trailing dot", () => {
  const cases: [string, string | undefined][] = [
    ["localhost:5001", "localhost"], ["LOCALHOST", "localhost"], ["127.0.0.1:5001", "127.0.0.1"], ["[::1]:5001", "::1"], ["[::1]", "::1"],
    ["example.com.", "example.com"], ["a:b:c", undefined], ["host:port", undefined], ["[::1", undefined], ["[::1]x", undefined], ["", undefined],
  ];
  for (const [header, host] of cases) assert.equal(hostOf(header), host, header);
});

test("loopback host names: localhost and its subdomains, 127.0.0.0/8, ::1", () => {
  for (const host of ["localhost", "app.localhost", "127.0.0.1", "127.255.1.2", "::1", "::ffff:127.0.0.1"]) assert.equal(isLoopbackHost(host), true, host);
  for (const host of ["localhost.example", "127.0.0.1.nip.io", "128.0.0.1", "127.0.0.256", "10.0.0.1", "evil.com"]) assert.equal(isLoopbackHost(host), false, host);
});

test("on a loopback bind only loopback names, the bound address and allowed hosts are answered; a public bind answers any", () => {
  const loopback = { loopbackBind: true, boundAddress: "127.0.0.1", allowed: [] as string[] };
  assert.equal(hostAllowed("localhost:5001", loopback), true);
  assert.equal(hostAllowed("127.0.0.1:5001", loopback), true);
  assert.equal(hostAllowed(undefined, loopback), true);
  assert.equal(hostAllowed("rebind.attacker.example:5001", loopback), false);
  assert.equal(hostAllowed("garbage:x", loopback), false);
  assert.equal(hostAllowed("playground.test", { ...loopback, allowed: ["playground.test"] }), true);
  assert.equal(hostAllowed("a.corp.test", { ...loopback, allowed: [".corp.test"] }), true);
  assert.equal(hostAllowed("corp.test", { ...loopback, allowed: [".corp.test"] }), true);
  assert.equal(hostAllowed("evilcorp.test", { ...loopback, allowed: [".corp.test"] }), false);
  assert.equal(hostAllowed("anything.example", { ...loopback, allowed: ["*"] }), true);
  assert.equal(hostAllowed("rebind.attacker.example", { loopbackBind: false, boundAddress: "0.0.0.0", allowed: [] }), true);
});
