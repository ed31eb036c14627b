/**
 * --https's certificates: checked with node:crypto's X509Certificate (always), and with `openssl x509
 * -text` and `openssl verify -x509_strict` where openssl is installed (CI requires it: REQUIRE_OPENSSL).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { makeLocalCertificate } from "../../src/http/certificate.js";

const NOW = new Date("2026-12-03T12:00:00Z");
const made = makeLocalCertificate(NOW);
const [leafPem, chainedCa] = made.cert.split(/(?<=-----END CERTIFICATE-----\n)/);
const leaf = new X509Certificate(leafPem!);
const ca = new X509Certificate(made.ca);

test("the server certificate names localhost, 127.0.0.1 and ::1, lives 30 days from an hour before now, and its authority signed it", () => {
  assert.equal(chainedCa, made.ca);
  assert.equal(leaf.subject, "CN=localhost");
  assert.equal(leaf.issuer, ca.subject);
  assert.match(ca.subject, /^CN=connector-playground local CA [0-9a-f]{8}$/);
  assert.equal(leaf.subjectAltName, "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
  assert.equal(leaf.checkHost("localhost"), "localhost");
  assert.equal(leaf.checkIP("127.0.0.1"), "127.0.0.1");
  assert.equal(leaf.checkIP("::1"), "::1");
  assert.equal(leaf.checkHost("example.com"), undefined);
  assert.equal(leaf.validFrom, "Dec  3 11:00:00 2026 GMT");
  assert.equal(leaf.validTo, "Jan  2 12:00:00 2027 GMT");
  assert.equal(leaf.ca, false);
  assert.equal(ca.ca, true);
  assert.deepEqual(leaf.keyUsage, ["1.3.6.1.5.5.7.3.1"]);
  assert.equal(leaf.checkIssued(ca), true);
  assert.equal(leaf.verify(ca.publicKey), true);
  assert.equal(ca.verify(ca.publicKey), true);
  assert.equal(leaf.publicKey.asymmetricKeyDetails?.namedCurve, "prime256v1");
  // A second start makes a different authority: nothing is shared between runs.
  assert.notEqual(new X509Certificate(makeLocalCertificate(NOW).ca).fingerprint256, ca.fingerprint256);
});

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
if (!hasOpenssl && process.env.REQUIRE_OPENSSL) throw new Error("REQUIRE_OPENSSL is set but openssl is not installed");

test("openssl reads every extension as RFC 5280 has it, and verifies the chain strictly", { skip: hasOpenssl ? false : "openssl is not installed" }, () => {
  const folder = mkdtempSync(join(tmpdir(), "playground-cert-"));
  try {
    writeFileSync(join(folder, "leaf.pem"), leafPem!);
    writeFileSync(join(folder, "ca.pem"), made.ca);
    const text = spawnSync("openssl", ["x509", "-in", join(folder, "leaf.pem"), "-noout", "-text"], { encoding: "utf8" }).stdout;
    for (const line of ["Version: 3 (0x2)", "Signature Algorithm: ecdsa-with-SHA256", "Subject: CN = localhost", "NIST CURVE: P-256",
      "X509v3 Basic Constraints: critical", "CA:FALSE", "X509v3 Key Usage: critical", "Digital Signature", "TLS Web Server Authentication",
      "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1", "X509v3 Subject Key Identifier", "X509v3 Authority Key Identifier"]) {
      assert.ok(text.includes(line), `openssl x509 -text shows ${line}`);
    }
    const caText = spawnSync("openssl", ["x509", "-in", join(folder, "ca.pem"), "-noout", "-text"], { encoding: "utf8" }).stdout;
    for (const line of ["CA:TRUE, pathlen:0", "Certificate Sign, CRL Sign"]) assert.ok(caText.includes(line), `CA shows ${line}`);
    const verify = spawnSync("openssl", ["verify", "-x509_strict", "-attime", String(Math.floor(NOW.getTime() / 1000)), "-CAfile", join(folder, "ca.pem"),
      join(folder, "leaf.pem")], { encoding: "utf8" });
    assert.equal(verify.stdout, `${join(folder, "leaf.pem")}: OK\n`, verify.stderr);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
