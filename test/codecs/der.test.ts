/** The DER writer: each type's exact bytes (X.690), as an X.509 certificate uses them. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bitString, boolean, explicit, implicit, integer, octetString, oid, pem, sequence, set, time, tlv, utf8String } from "../../src/codecs/der.js";

const hex = (bytes: Buffer): string => bytes.toString("hex");

test("lengths: short form below 128, long form with the fewest bytes above", () => {
  assert.equal(hex(tlv(0x04, Buffer.alloc(0))), "0400");
  assert.equal(hex(tlv(0x04, Buffer.alloc(127))).slice(0, 4), "047f");
  assert.equal(hex(tlv(0x04, Buffer.alloc(128))).slice(0, 6), "048180");
  assert.equal(hex(tlv(0x04, Buffer.alloc(300))).slice(0, 8), "0482012c");
});

test("integers are minimal and never read as negative", () => {
  assert.equal(hex(integer(0)), "020100");
  assert.equal(hex(integer(2)), "020102");
  assert.equal(hex(integer(128)), "02020080");
  assert.equal(hex(integer(256)), "02020100");
  assert.equal(hex(integer(Buffer.from([0x00, 0x00, 0x7f]))), "02017f");
  assert.equal(hex(integer(Buffer.from([0xff, 0x01]))), "020300ff01");
});

test("object identifiers, strings, booleans, bit strings and tags", () => {
  assert.equal(hex(oid("2.5.29.17")), "0603551d11");
  assert.equal(hex(oid("1.2.840.10045.4.3.2")), "06082a8648ce3d040302");
  assert.equal(hex(oid("1.3.6.1.5.5.7.3.1")), "06082b06010505070301");
  assert.equal(hex(utf8String("é")), "0c02c3a9");
  assert.equal(hex(boolean(true)), "0101ff");
  assert.equal(hex(octetString(Buffer.from([1, 2]))), "04020102");
  assert.equal(hex(bitString(Buffer.from([0x06]), 1)), "03020106");
  assert.equal(hex(sequence()), "3000");
  assert.equal(hex(set(boolean(false))), "3103010100");
  assert.equal(hex(explicit(3, integer(1))), "a303020101");
  assert.equal(hex(implicit(2, Buffer.from("a"))), "820161");
});

test("times: UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280)", () => {
  assert.equal(time(new Date("2026-12-03T18:06:33Z")).toString("latin1"), "\x17\x0d261203180633Z");
  assert.equal(time(new Date("2050-01-01T00:00:00Z")).toString("latin1"), "\x18\x0f20500101000000Z");
});

test("PEM: base64 in 64-column lines between the armour lines", () => {
  const text = pem("CERTIFICATE", Buffer.alloc(60, 0xab));
  const lines = text.split("\n");
  assert.equal(lines[0], "-----BEGIN CERTIFICATE-----");
  assert.equal(lines[1]!.length, 64);
  assert.equal(lines[2], "q6urq6urq6urq6ur"); // 60 bytes: 80 characters, 64 + 16
  assert.equal(lines[3], "-----END CERTIFICATE-----");
  assert.equal(lines[4], "");
});
