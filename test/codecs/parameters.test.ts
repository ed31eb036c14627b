import assert from "node:assert/strict";
import { test } from "node:test";
import { parseQuery } from "../../src/codecs/query.js";
import { PlaygroundError } from "../../src/errors.js";
import { PARAMETERS, presentValue, readParameters, readTimestamp, rejectUnexpected } from "../../src/codecs/parameters.js";

function failure(run: () => unknown): { status: number; message: string } {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof PlaygroundError);
    return { status: error.status, message: error.message };
  }
  return assert.fail("expected an PlaygroundError");
}

const PAGE = [PARAMETERS.orderBy, PARAMETERS.orderType, PARAMETERS.perPage, PARAMETERS.page, PARAMETERS.updatedSince];

test("defaults apply when parameters are absent or empty", () => {
  const values = readParameters(parseQuery("per_page=&updated_since="), PAGE);
  assert.deepEqual(Object.entries(values), [["order_by", "updatedAt"], ["order_type", "asc"], ["per_page", 10], ["page", 1], ["updated_since", undefined]]);
  assert.equal(presentValue(parseQuery("a="), "a"), undefined);
  assert.equal(presentValue(parseQuery("a=0"), "a"), "0");
});

test("values are parsed and checked against their ranges", () => {
  const values = readParameters(parseQuery("order_by=createdAt&order_type=desc&per_page=50&page=%2B3&updated_since=2024-01-01T00:00:00Z"), PAGE);
  assert.deepEqual(Object.entries(values), [["order_by", "createdAt"], ["order_type", "desc"], ["per_page", 50], ["page", 3], ["updated_since", 1704067200]]);
  const cases: [string, string][] = [
    ["per_page=0", "Invalid value for 'per_page'. It should be between 1 and 50."],
    ["per_page=51", "Invalid value for 'per_page'. It should be between 1 and 50."],
    ["per_page=abc", "Invalid value for 'per_page'. It should be between 1 and 50."],
    ["per_page=1.5", "Invalid value for 'per_page'. It should be between 1 and 50."],
    ["per_page=1e1", "Invalid value for 'per_page'. It should be between 1 and 50."],
    ["page=0", "Invalid value for 'page'. It must be greater than or equal to 1."],
    ["page=-1", "Invalid value for 'page'. It must be greater than or equal to 1."],
    ["page=99999999999999999999", "Invalid value for 'page'. It must be greater than or equal to 1."],
    ["order_by=name", "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'"],
    ["order_by=updatedat", "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'"],
    ["order_type=ASC", "Invalid value for 'order_type'. Use 'asc' or 'desc'"],
    ["updated_since=2024-01-01T00:00:00", "Invalid date format for 'updated_since'. Must end with 'Z' for UTC"],
    ["updated_since=2024-13-01T00:00:00Z", "Invalid date format for 'updated_since'. Use 'YYYY-MM-DDTHH:MM:SSZ'"],
    ["updated_since=yesterdayZ", "Invalid date format for 'updated_since'. Use 'YYYY-MM-DDTHH:MM:SSZ'"],
  ];
  for (const [query, message] of cases) assert.deepEqual(failure(() => readParameters(parseQuery(query), PAGE)), { status: 400, message }, query);
});

test("the first failing check in the endpoint's order wins", () => {
  const query = parseQuery("updated_since=bad&page=0&per_page=0&order_type=x&order_by=y");
  assert.equal(failure(() => readParameters(query, PAGE)).message, "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'");
  assert.equal(failure(() => readParameters(parseQuery("updated_since=bad&page=0&per_page=0&order_type=x"), PAGE)).message,
    "Invalid value for 'order_type'. Use 'asc' or 'desc'");
  assert.equal(failure(() => readParameters(parseQuery("updated_since=bad&page=0&per_page=0"), PAGE)).message,
    "Invalid value for 'per_page'. It should be between 1 and 50.");
  assert.equal(failure(() => readParameters(parseQuery("updated_since=bad&page=0"), PAGE)).message,
    "Invalid value for 'page'. It must be greater than or equal to 1.");
  const offsetOrder = [PARAMETERS.limit, PARAMETERS.offset, PARAMETERS.orderBy, PARAMETERS.orderType, PARAMETERS.updatedSince];
  assert.equal(failure(() => readParameters(parseQuery("order_by=x&offset=-1&limit=0"), offsetOrder)).message,
    "Invalid value for 'limit'. It should be between 1 and 50.");
  assert.equal(failure(() => readParameters(parseQuery("order_by=x&offset=-1"), offsetOrder)).message,
    "Invalid value for 'offset'. It must be greater than or equal to 0.");
});

test("rejectUnexpected lists unknown names in order of appearance", () => {
  assert.deepEqual(failure(() => rejectUnexpected(parseQuery("b=1&page=2&a=3&b=4"), [PARAMETERS.page])),
    { status: 400, message: "Unexpected query parameters: b, a" });
  assert.doesNotThrow(() => rejectUnexpected(parseQuery("page=1&page=2"), [PARAMETERS.page]));
});

test("readTimestamp names the parameter in its errors", () => {
  assert.equal(readTimestamp("0001-01-01T00:00:00Z", "since"), -62135596800);
  assert.equal(failure(() => readTimestamp("2024", "since")).message, "Invalid date format for 'since'. Must end with 'Z' for UTC");
  assert.equal(failure(() => readTimestamp("2024Z", "since")).message, "Invalid date format for 'since'. Use 'YYYY-MM-DDTHH:MM:SSZ'");
});

test("a query read twice in turn with the same specs is parsed once (the cache key, then the handler); any other read parses anew", () => {
  const first = parseQuery("per_page=5&page=2");
  const values = readParameters(first, PAGE);
  assert.deepEqual({ ...values }, { order_by: "updatedAt", order_type: "asc", page: 2, per_page: 5, updated_since: undefined });
  assert.equal(readParameters(first, PAGE), values);
  // The same text parsed again is another query: its own parse, equal in value.
  const again = parseQuery("per_page=5&page=2");
  const other = readParameters(again, PAGE);
  assert.notEqual(other, values);
  assert.deepEqual(other, values);
  // One slot: the first query, read after another, is parsed again, to the same values.
  const back = readParameters(first, PAGE);
  assert.notEqual(back, other);
  assert.deepEqual(back, values);
  // Other specs for the same query: parsed with those.
  const offset = readParameters(first, [PARAMETERS.limit]);
  assert.deepEqual({ ...offset }, { limit: 10 });
  assert.equal(readParameters(first, PAGE) === back, false);
});
