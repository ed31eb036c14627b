/** The one body reader: strict UTF-8, JSON or a form by Content-Type, and why a body was refused. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { bodyText, mediaType, readForm, readJson, readObject, type Refuse } from "../../src/codecs/body.js";
import { PlaygroundError } from "../../src/errors.js";

/** The caller's refusal, here naming the problem: the reader throws exactly what it makes. */
const refuse: Refuse = (problem, detail) => new PlaygroundError(422, `${problem}: ${detail}`);
const reason = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof PlaygroundError && error.status === 422) return error.message;
    throw error;
  }
  return "read";
};

test("text is UTF-8, strictly: a broken sequence is refused, not replaced", () => {
  assert.equal(bodyText(undefined, refuse), "");
  assert.equal(bodyText(Buffer.from("héllo"), refuse), "héllo");
  assert.equal(reason(() => bodyText(Buffer.from([0x7b, 0xff, 0x7d]), refuse)), "utf8: the body is not valid UTF-8");
});

test("JSON: parsed, a blank body stands for the given value, the parser's words kept", () => {
  assert.deepEqual(readJson(Buffer.from('{"a":[1]}'), refuse), { a: [1] });
  assert.deepEqual(readJson(Buffer.from("  \n"), refuse, {}), {});
  assert.equal(reason(() => readJson(Buffer.from(""), refuse)), "json: Unexpected end of JSON input");
  assert.match(reason(() => readJson(Buffer.from("{x"), refuse)), /^json: /);
});

test("forms: fields in order, '+' and escapes decoded, a bare name is empty, a repeated name refused", () => {
  assert.deepEqual([...readForm(Buffer.from("b=2&a=x+y%21&flag&&"), refuse)], [["b", "2"], ["a", "x y!"], ["flag", ""]]);
  assert.equal(reason(() => readForm(Buffer.from("a=1&a=2"), refuse)), "repeated: a");
});

test("objects: a form only where allowed and typed so; anything but a JSON object refused", () => {
  const form = "application/x-www-form-urlencoded; charset=utf-8";
  assert.equal(mediaType(" Application/X-WWW-Form-URLEncoded ; q=1"), "application/x-www-form-urlencoded");
  assert.equal(mediaType(undefined), undefined);
  assert.deepEqual(readObject(Buffer.from("format=csv"), form, true, refuse), { format: "csv" });
  assert.equal(reason(() => readObject(Buffer.from("format=csv"), form, false, refuse)), "json: Unexpected token 'o', \"format=csv\" is not valid JSON");
  assert.deepEqual(readObject(Buffer.from('{"format":"csv"}'), undefined, true, refuse), { format: "csv" });
  for (const text of ["[]", "1", "null", '"s"']) assert.equal(reason(() => readObject(Buffer.from(text), "application/json", true, refuse)), "object: the body is not a JSON object", text);
  // A form named __proto__ is an own field, never the prototype.
  const odd = readObject(Buffer.from("__proto__=x"), form, true, refuse);
  assert.equal(Object.getPrototypeOf(odd), Object.prototype);
  assert.equal(Object.hasOwn(odd, "__proto__"), true);
});
