/**
 * `--https` without bringing a certificate: a local certificate authority and a server certificate it
 * signed, made at start-up with `node:crypto` keys (ECDSA P-256) and the DER writer. The server
 * certificate names `localhost`, `127.0.0.1` and `::1` (RFC 5280 extensions as browsers and OpenSSL's
 * strict checks expect them); clients trust the authority's certificate (`ca`), written where the banner
 * and `--json` say. Both live 30 days from an hour ago; a new pair is made on every start.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { bitString, boolean, explicit, implicit, integer, octetString, oid, pem, sequence, set, time, utf8String } from "../codecs/der.js";

/** What `https.createServer` needs, and the authority's certificate for clients to trust. */
export interface LocalCertificate {
  /** The server certificate, then the authority's (PEM). */
  readonly cert: string;
  /** The server key (PKCS #8 PEM). */
  readonly key: string;
  /** The authority's certificate (PEM): what clients are told to trust. */
  readonly ca: string;
}

const ECDSA_WITH_SHA256 = sequence(oid("1.2.840.10045.4.3.2"));
const VALID_DAYS = 30;

function name(commonName: string): Buffer {
  return sequence(set(sequence(oid("2.5.4.3"), utf8String(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** The key identifier of RFC 5280 §4.2.1.2 (1): SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: Buffer): Buffer {
  // The SPKI of a P-256 key ends with its 65-byte public point inside the BIT STRING.
  return createHash("sha1").update(spki.subarray(spki.length - 65)).digest();
}

function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x40;
  return bytes;
}

interface Signed {
  readonly der: Buffer;
  readonly keyId: Buffer;
}

function certificate(subject: string, issuer: string, publicKey: KeyObject, signer: KeyObject, extensions: Buffer[], now: Date): Buffer {
  const spki = publicKey.export({ type: "spki", format: "der" });
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serialNumber()),
    ECDSA_WITH_SHA256,
    name(issuer),
    sequence(time(new Date(now.getTime() - 3_600_000)), time(new Date(now.getTime() + VALID_DAYS * 86_400_000))),
    name(subject),
    spki,
    explicit(3, sequence(...extensions)),
  );
  return sequence(tbs, ECDSA_WITH_SHA256, bitString(sign("sha256", tbs, signer)));
}

/** A new authority and a server certificate for localhost, 127.0.0.1 and ::1, signed by it. */
export function makeLocalCertificate(now = new Date()): LocalCertificate {
  const authority = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const server = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const tag = randomBytes(4).toString("hex");
  const authorityName = `connector-playground local CA ${tag}`;
  const authorityId = keyIdentifier(authority.publicKey.export({ type: "spki", format: "der" }));
  const serverId = keyIdentifier(server.publicKey.export({ type: "spki", format: "der" }));
  const ca: Signed = {
    der: certificate(authorityName, authorityName, authority.publicKey, authority.privateKey, [
      extension("2.5.29.19", true, sequence(boolean(true), integer(0))), // basicConstraints: CA, no CA below it
      extension("2.5.29.15", true, bitString(Buffer.from([0x06]), 1)), // keyUsage: keyCertSign, cRLSign
      extension("2.5.29.14", false, octetString(authorityId)), // subjectKeyIdentifier
    ], now),
    keyId: authorityId,
  };
  const leaf = certificate("localhost", authorityName, server.publicKey, authority.privateKey, [
    extension("2.5.29.19", true, sequence()), // basicConstraints: not a CA
    extension("2.5.29.15", true, bitString(Buffer.from([0x80]), 7)), // keyUsage: digitalSignature
    extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.1"))), // extKeyUsage: serverAuth
    extension("2.5.29.17", false, sequence( // subjectAltName
      implicit(2, Buffer.from("localhost", "ascii")),
      implicit(7, Buffer.from([127, 0, 0, 1])),
      implicit(7, Buffer.concat([Buffer.alloc(15), Buffer.from([1])])),
    )),
    extension("2.5.29.14", false, octetString(serverId)),
    extension("2.5.29.35", false, sequence(implicit(0, ca.keyId))), // authorityKeyIdentifier
  ], now);
  const caPem = pem("CERTIFICATE", ca.der);
  return {
    cert: pem("CERTIFICATE", leaf) + caPem,
    key: server.privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    ca: caPem,
  };
}
