import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeBase64Text } from "../../src/codecs/base64.js";
import { decodeSessionToken, encodeSessionToken } from "../../src/codecs/token.js";

test("session tokens are base64 of user:password:expiry and round-trip (the original's sample)", () => {
  assert.equal(encodeSessionToken("test_user", "test_password", 1774447135), "dGVzdF91c2VyOnRlc3RfcGFzc3dvcmQ6MTc3NDQ0NzEzNQ==");
  assert.deepEqual(decodeSessionToken("dGVzdF91c2VyOnRlc3RfcGFzc3dvcmQ6MTc3NDQ0NzEzNQ=="), { secret: "test_user:test_password", expiresAt: 1774447135 });
  assert.deepEqual(decodeSessionToken(encodeSessionToken("a@example.com", "0123456789", 0)), { secret: "a@example.com:0123456789", expiresAt: 0 });
});

test("every malformed token decodes to undefined", () => {
  const malformed = [
    "", "not base64!", "abc", encodeBase64Text("user:password"), encodeBase64Text("user:password:"), encodeBase64Text("user:password:12a"),
    encodeBase64Text("nocolons"), encodeBase64Text("user:password:-5"), encodeBase64Text("user:password:1.5"),
    encodeBase64Text("user:password:" + "9".repeat(16)), encodeBase64Text("userpassword:123"),
  ];
  for (const token of malformed) assert.equal(decodeSessionToken(token), undefined, token);
  // Well-formed but with an empty username: decodable, and rejected later as wrong credentials.
  assert.deepEqual(decodeSessionToken(encodeBase64Text(":password:123")), { secret: ":password", expiresAt: 123 });
});
