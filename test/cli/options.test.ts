import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCommandLine } from "../../src/cli/args.js";
import { HELP } from "../../src/cli/help.js";
import { checkSetting, helpRow, parseSetting, SETTINGS } from "../../src/options.js";
import { formatRows } from "../../src/cli/help.js";
import { createServer } from "../../src/server.js";

test("one table states each numeric setting's range and default for the CLI, createServer and --help", () => {
  for (const setting of Object.values(SETTINGS)) {
    if (setting.flag !== undefined) assert.ok(HELP.includes(formatRows([helpRow(setting as typeof setting & { flag: string })])), setting.flag);
  }
  assert.throws(() => createServer({ stallTimeoutMs: 50 }), /^RangeError: stallTimeoutMs must be an integer from 100 to 3600000, got 50$/);
  assert.throws(() => createServer({ maxConnections: 0 }), /^RangeError: maxConnections must be an integer from 1 to 1000000, got 0$/);
  assert.deepEqual(helpRow(SETTINGS.records), ["--records N", "number of user records; 1-1000000000 (default: 200)"]);
  assert.deepEqual(helpRow(SETTINGS.refillRate), ["--refill-rate N", "rate-limit tokens added per second; turns the limit on; > 0 (default: 10)"]);
  assert.equal(formatRows([helpRow(SETTINGS.churn)]),
    "  --churn N                every N seconds a few random records get a new, later updatedAt; 1-86400\n" +
    "                           (default: off)");
  // The same range in both places, in the same words.
  assert.throws(() => parseCommandLine(["start", "--records", "1000000001"]), /^RangeError: --records must be an integer from 1 to 1000000000, got '1000000001'$/);
  assert.throws(() => createServer({ records: 1_000_000_001 }), /^RangeError: records must be an integer from 1 to 1000000000, got 1000000001$/);
  assert.throws(() => createServer({ rateLimit: { refillPerSecond: 0 } }), /^RangeError: rateLimit.refillPerSecond must be a number > 0, got 0$/);
  assert.throws(() => createServer({ faults: { dropRate: 2 } }), /^RangeError: dropRate must be a number from 0 to 1, got 2$/);
});

/** The createServer options that set a setting's option path to a value (the fault shares sit under `faults`). */
function optionsSetting(option: string, value: number): Record<string, unknown> {
  const path = ["errorRate", "dropRate", "slowBodyRate"].includes(option) ? ["faults", option] : option.split(".");
  return path.reduceRight<unknown>((inner, name) => ({ [name]: inner }), value) as Record<string, unknown>;
}

/** The value at a dot path of the config. */
function at(config: object, path: string): unknown {
  return path.split(".").reduce<unknown>((value, name) => (value as Record<string, unknown>)[name], config);
}

test("every setting in the table is shown by the config where the table says, at its default and when set", () => {
  const shown = Object.values(SETTINGS).filter((setting) => setting.shownAt !== null);
  assert.deepEqual(Object.values(SETTINGS).filter((setting) => setting.shownAt === null).map((setting) => setting.option),
    ["port", "stallTimeoutMs", "bodyTimeoutMs", "maxConnections", "exportJobSeconds"]);
  const defaults = createServer({ seed: 1 }).config();
  for (const setting of shown) {
    if (setting.option === "seed") continue;
    assert.equal(at(defaults, setting.shownAt!), setting.default ?? null, setting.option);
  }
  for (const setting of shown) {
    const value = setting.kind === "share" ? 0.25 : setting.kind === "positive" ? 2.5 : setting.min + 3;
    const config = createServer(optionsSetting(setting.option, value)).config();
    assert.equal(at(config, setting.shownAt!), value, setting.option);
  }
});

test("checkSetting fills defaults and refuses out-of-range or non-numbers; parseSetting reads flag text", () => {
  assert.equal(checkSetting(SETTINGS.records, undefined), 200);
  assert.equal(checkSetting(SETTINGS.capacity, 7), 7);
  assert.throws(() => checkSetting(SETTINGS.churn, undefined), /churnSeconds must be an integer from 1 to 86400, got undefined/);
  assert.throws(() => checkSetting(SETTINGS.records, 1.5), /records must be an integer/);
  assert.throws(() => checkSetting(SETTINGS.records, "5" as unknown as number), /records must be an integer/);
  assert.equal(parseSetting(SETTINGS.records, "+5"), 5);
  assert.equal(parseSetting(SETTINGS.records, "1e3"), undefined);
  assert.equal(parseSetting(SETTINGS.errorRate, ".25"), 0.25);
  assert.equal(parseSetting(SETTINGS.errorRate, "1.5"), undefined);
  assert.equal(parseSetting(SETTINGS.refillRate, "2.5"), 2.5);
  assert.equal(parseSetting(SETTINGS.refillRate, "0"), undefined);
});
