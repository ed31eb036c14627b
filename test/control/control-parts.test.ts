/** The control plane's pure parts: clock, epoch parsing, redaction, the journal ring, the fault script, restoring data and generators. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Run } from "../../src/run/run.js";
import { formatEpoch, parseEpoch, PlaygroundClock } from "../../src/simulate/clock.js";
import { FaultScript, parseScript } from "../../src/simulate/fault-script.js";
import { entryDetail, Journal, noteOf, publicEntry, type Observation } from "../../src/control/journal.js";
import { REDACTED, Redactor } from "../../src/control/redact.js";
import { Prng } from "../../src/data/prng.js";

test("the clock starts at the epoch, follows its source, and advances by offsets that reset", () => {
  let source = 1_000_000;
  const clock = new PlaygroundClock(() => source, Date.UTC(2026, 0, 1));
  assert.equal(clock.now(), Date.UTC(2026, 0, 1));
  source += 2500;
  assert.equal(clock.now(), Date.UTC(2026, 0, 1) + 2500);
  clock.advance(60);
  assert.deepEqual([clock.now(), clock.offsetSeconds], [Date.UTC(2026, 0, 1) + 62_500, 60]);
  clock.reset();
  assert.equal(clock.now(), Date.UTC(2026, 0, 1) + 2500);
  assert.equal(new PlaygroundClock(() => 42).now(), 42);
  for (const bad of [-1, Number.NaN, Infinity, 315_360_001]) assert.throws(() => clock.advance(bad), RangeError, String(bad));
  assert.equal(formatEpoch(clock.epochMs), "2026-01-01T00:00:00Z");
});

test("epochs: the API's timestamp form, a Date or ms; whole seconds from 2000 to 2999", () => {
  assert.equal(parseEpoch("2026-01-01T00:00:00Z"), 1_767_225_600_000);
  assert.equal(parseEpoch(new Date("2026-01-01T00:00:00Z")), 1_767_225_600_000);
  assert.equal(parseEpoch(1_767_225_600_000), 1_767_225_600_000);
  for (const bad of ["2026-01-01T00:00:00", "2026-01-01T00:00:00.5Z", "1999-12-31T23:59:59Z", "3000-01-01T00:00:00Z", 1_767_225_600_001, new Date(Number.NaN)]) {
    assert.throws(() => parseEpoch(bad as string), RangeError, String(bad));
  }
});

test("redaction: authorization keeps its scheme, cookies and admin tokens go whole, secrets and tokens hiding them go anywhere", () => {
  const credentials = { basic: { username: "ann@example.com", password: "pw123456" }, bearer: "bearer-uuid", apiKey: "api-uuid", session: { username: "sam@example.com", password: "0123456789" },
    oauth2: { clientId: "playground-client", clientSecret: "client-secret-0123" } };
  const redactor = new Redactor(credentials, ["admin-token"]);
  assert.equal(redactor.header("authorization", "Bearer bearer-uuid"), `Bearer ${REDACTED}`);
  assert.equal(redactor.header("authorization", "garbage"), REDACTED);
  assert.equal(redactor.header("cookie", "a=1"), REDACTED);
  assert.equal(redactor.header("x-playground-admin-token", "anything"), REDACTED);
  assert.equal(redactor.header("user-agent", "curl/8"), "curl/8");
  assert.equal(redactor.redact("key=api-uuid&x=admin-token"), `key=${REDACTED}&x=${REDACTED}`);
  const token = Buffer.from("sam@example.com:0123456789:1767225600").toString("base64");
  assert.equal(redactor.redact(`{"token":"${token}","expires_in":3600}`), `{"token":"${REDACTED}","expires_in":3600}`);
  assert.equal(redactor.redact(Buffer.from("ann@example.com:pw123456").toString("base64")), REDACTED);
  const harmless = Buffer.from("nothing secret in here at all").toString("base64");
  assert.equal(redactor.redact(harmless), harmless);
  assert.equal(redactor.contains("x bearer-uuid"), true);
  assert.deepEqual(redactor.headers({ accept: ["a", "b"], authorization: "Basic xyz", skipped: undefined }), { accept: "a, b", authorization: `Basic ${REDACTED}` });
  // The OAuth2 client secret, and tokens and codes by their prefixes, wherever they appear.
  assert.equal(redactor.redact("client_secret=client-secret-0123&x=1"), `client_secret=${REDACTED}&x=1`);
  assert.equal(redactor.redact('{"access_token":"pgat_eyJh.Zm9v","refresh_token":"pgrt_eyJq.YmFy"}'), `{"access_token":"${REDACTED}","refresh_token":"${REDACTED}"}`);
  assert.equal(redactor.redact("/cb?code=pgac_abc.def&state=s"), `/cb?code=${REDACTED}&state=s`);
  assert.equal(redactor.redact("pgpages and pg_at stay"), "pgpages and pg_at stay");
});

function observation(target: string, extra: Partial<Observation> = {}): Observation {
  return {
    seq: 0, receivedAt: Date.UTC(2026, 0, 1), method: "GET", target, path: target.split("?")[0] as string, endpoint: undefined, headers: {}, requestBytes: 0,
    durationMs: 1.234, answer: noteOf({ status: 200, body: "" }), fault: undefined, extraHeaders: {}, rateLimitRemaining: undefined,
    written: { bytes: 10, preview: undefined }, ...extra,
  };
}

test("the journal ring: seq grows forever, the oldest entries leave, get finds what is still there", () => {
  const journal = new Journal(3);
  for (let i = 1; i <= 5; i++) assert.equal(journal.add(observation(`/a?i=${i}`)).seq, i);
  assert.deepEqual(journal.list().map((r) => r.seq), [3, 4, 5]);
  assert.deepEqual(journal.list(3, 1).map((r) => r.seq), [4]);
  assert.deepEqual([journal.get(2), journal.get(4)?.target, journal.get(6)], [undefined, "/a?i=4", undefined]);
  journal.clear();
  assert.deepEqual([journal.size, journal.seq, journal.get(5)], [0, 5, undefined]);
  assert.equal(journal.add(observation("/b")).seq, 6);
  const off = new Journal(0);
  assert.deepEqual([off.add(observation("/c")).seq, off.list(), off.get(1)], [1, [], undefined]);
});

test("an entry's JSON is made once while it is held, counted in the journal's bytes, and goes with it", () => {
  const journal = new Journal(10, 3_000);
  const first = journal.add(observation("/a?i=1"));
  const size = journal.bytes;
  let made = 0;
  const make = (record: { seq: number }): string => { made++; return `{"seq":${record.seq},"pad":"${"p".repeat(500)}"}`; };
  const text = journal.text(first, make);
  assert.equal(journal.text(first, make), text);
  assert.deepEqual([made, journal.bytes], [1, size + text.length]);
  // Past the bound, the oldest go first, their JSON with them.
  for (let i = 2; i <= 4; i++) journal.text(journal.add(observation(`/a?i=${i}`)), make);
  assert.deepEqual(journal.list().map((record) => record.seq), [2, 3, 4]);
  assert.equal(journal.bytes, 3 * (size + text.length));
  // An entry no longer held gets its JSON made each time, and costs nothing.
  journal.text(first, make);
  journal.text(first, make);
  assert.deepEqual([made, journal.bytes], [6, 3 * (size + text.length)]);
  journal.clear();
  assert.equal(journal.bytes, 0);
  const next = journal.add(observation("/b"));
  assert.equal(journal.bytes, size - "/a?i=1".length * 2 + "/b".length * 2);
  journal.text(next, make);
  assert.equal(made, 7, "made again after a clear");
});

test("public entries: the query as parsed, times in ms, durations rounded; the detail decodes and redacts the preview", () => {
  const redactor = new Redactor({ basic: { username: "u", password: "secret-pw" }, bearer: "b-1", apiKey: "k-1", session: { username: "s", password: "s-pw-123" }, oauth2: { clientId: "c", clientSecret: "c-secret-1" } });
  const record = new Journal(2).add(observation("/p?x=1&x=2&y=secret-pw&__proto__=z", {
    answer: noteOf({ status: 200, headers: { "Content-Type": "application/json", "Content-Length": "17" }, body: "" }),
    written: { bytes: 5000, preview: Buffer.from('{"a":"secret-pw"}') }, extraHeaders: { "X-RateLimit-Remaining": "3" },
  }));
  const entry = publicEntry(record, redactor);
  assert.deepEqual(entry.query, JSON.parse('{"x":"1","y":"[redacted]","__proto__":"z"}'));
  assert.deepEqual([entry.time, entry.durationMs, entry.status, entry.fault, entry.records], ["2026-01-01T00:00:00.000Z", 1.23, 200, null, null]);
  const detail = entryDetail(record, redactor);
  assert.deepEqual([detail.responsePreview, detail.previewTruncated, detail.responseHeaders], ['{"a":"[redacted]"}', true, { "Content-Type": "application/json", "Content-Length": "17", "X-RateLimit-Remaining": "3" }]);
});

test("the fault script: first matching step in queue order, turns counted down, defaults filled in", () => {
  const script = new FaultScript();
  script.append(parseScript([{ path: "/a/**", times: 2, status: 503 }, { path: "/b", action: "slow" }, { latencyMs: 40 }]));
  assert.deepEqual(script.take("/b"), { status: undefined, retryAfter: undefined, action: "slow", latencyMs: 0, slowBodyMs: 1500 });
  assert.deepEqual(script.take("/a/x/y"), { status: 503, retryAfter: 1, action: undefined, latencyMs: 0, slowBodyMs: 0 });
  assert.deepEqual(script.steps(), [{ path: "/a/**", times: 2, status: 503, remaining: 1 }, { path: "/**", times: 1, latencyMs: 40, remaining: 1 }]);
  assert.equal(script.take("/b")?.latencyMs, 40);
  assert.equal(script.take("/b"), undefined);
  assert.deepEqual(parseScript({ status: 500 }), [{ path: "/**", times: 1, status: 500 }]);
  assert.throws(() => parseScript("x"), new RangeError("step 0 must be an object"));
  assert.throws(() => script.append(parseScript(Array.from({ length: 1000 }, () => ({ status: 500 })))), new RangeError("at most 1000 steps may wait in the script"));
});

test("restoring: records, companies and generators come back exactly to where they were", () => {
  const state = new Run({ seed: 4, records: 50, clock: new PlaygroundClock(() => Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1)), tokenTtlSeconds: 60 });
  const json = Array.from({ length: 50 }, (_, i) => state.records.json(i));
  const positions = (): number[] => {
    const view = state.records.view("updatedAt", "asc");
    return Array.from({ length: view.length }, (_, k) => view.at(k));
  };
  const order = positions();
  assert.equal(new Set(order).size, 50);
  const companies = JSON.stringify([...state.companies.companies, ...state.companies.departments.values()]);
  const now = Date.UTC(2026, 0, 1) / 1000;
  state.records.churn([{ index: 3, updatedAt: now + 1 }, { index: 10, updatedAt: now + 2 }]);
  state.records.churn([{ index: 3, updatedAt: now + 3 }]);
  state.companies.touchCompanies(new Prng(1), now + 5);
  state.companies.touchDepartments(2, new Prng(1), now + 5);
  assert.notDeepEqual(positions(), order, "churned records moved to the end");
  const version = state.records.version;
  state.records.restore();
  state.companies.restore();
  assert.deepEqual(Array.from({ length: 50 }, (_, i) => state.records.json(i)), json);
  assert.deepEqual(positions(), order);
  assert.equal(JSON.stringify([...state.companies.companies, ...state.companies.departments.values()]), companies);
  assert.ok(state.records.version > version, "answers cached before are not served again");
  assert.match(state.records.id(0), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(state.records.id(7), state.records.record(7).id);
  const prng = new Prng(9);
  prng.nextUint32();
  const saved = prng.save();
  const ahead = [prng.nextUint32(), prng.nextUint32()];
  prng.load(saved);
  assert.deepEqual([prng.nextUint32(), prng.nextUint32()], ahead);
});
