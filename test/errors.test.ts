/** The one error type: what every part throws for what it refuses, and how each place answers it. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { invalid, MESSAGES, PlaygroundError } from "../src/errors.js";
import { parseCommandLine } from "../src/cli/args.js";
import { createServer } from "../src/server.js";
import { refusalOf } from "../src/run/respond.js";

test("a refused value is a PlaygroundError: a 400, a RangeError by type and by name, as createServer has always documented", () => {
  const error = invalid("seconds must be positive");
  assert.ok(error instanceof PlaygroundError);
  assert.ok(error instanceof RangeError);
  assert.equal(error.status, 400);
  assert.deepEqual(error.headers, {});
  assert.equal(String(error), "RangeError: seconds must be positive");
  // A built-in RangeError (a bug somewhere) is not a refusal.
  assert.equal(new RangeError("Invalid array length") instanceof PlaygroundError, false);
});

test("the same type comes from createServer, the command line and the HTTP answer", () => {
  assert.throws(() => createServer({ records: 0 }), (error: unknown) =>
    error instanceof PlaygroundError && error.message === "records must be an integer from 1 to 1000000000, got 0");
  assert.throws(() => parseCommandLine(["start", "--prot", "5"]), (error: unknown) =>
    error instanceof PlaygroundError && error.message === "unknown option '--prot': did you mean '--port'? (see 'playground start --help')");
  const answer = refusalOf(new PlaygroundError(404, MESSAGES.notFound));
  assert.equal(answer.status, 404);
  assert.equal(answer.body, '{"error":"Not found"}');
});

test("the package exports the type, so TypeScript callers can tell a refusal from a bug", async () => {
  const exported = await import("../src/index.js");
  assert.equal(exported.PlaygroundError, PlaygroundError);
});
