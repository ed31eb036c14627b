/** Schema drift: on the playground's clock (or on request) every record gains a last phone member and the CSV a last column; reset undoes it. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { phoneOf } from "../../src/data/records.js";
import { getJson, send, start } from "../helpers.js";

const JSON_TYPE = { "Content-Type": "application/json" };

test("--schema-drift: before the moment no phone; from it every record carries one, last, in every list, the CSV and the step answer", async () => {
  const server = await start({ seed: 6, records: 30, epoch: "2026-01-01T00:00:00Z", schemaDriftMinutes: 10, churnMix: "insert:1" });
  try {
    const before = (await getJson(server.url, "/pagination/offset?limit=50")).body.data;
    assert.equal(before.some((row: object) => "phone" in row), false);
    assert.deepEqual(server.playground.config().schemaDrift, { minutes: 10, at: "2026-01-01T00:10:00Z", drifted: false });
    assert.equal(server.playground.dataChanges, "deletes remove records; schema drift (phone) at 2026-01-01T00:10:00Z; export jobs take about 6 s");
    const page = (await send(server.url, "/docs")).text;
    assert.ok(page.includes("<dt>Data changes</dt><dd>deletes remove records; schema drift (phone) at 2026-01-01T00:10:00Z; export jobs take about 6 s"));
    const doc = (await getJson(server.url, "/openapi.json")).body;
    assert.match(doc.components.schemas.Record.properties.phone.description, /This run: from 2026-01-01T00:10:00Z on\.$/);
    assert.equal(doc.components.schemas.Record.required.includes("phone"), false);
    // Moved by the control plane's clock, so a reset moves it back.
    server.playground.clock.advance(10 * 60);
    const after = (await getJson(server.url, "/pagination/offset?limit=50")).body.data as Record<string, string>[];
    assert.equal(after.length, 30);
    for (const [k, row] of after.entries()) {
      assert.deepEqual(Object.keys(row), ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt", "phone"]);
      assert.deepEqual({ ...row, phone: undefined }, { ...before[k], phone: undefined }, "nothing else changed");
      assert.match(row.phone!, /^\+1-555-\d{3}-\d{4}$/);
    }
    // A pure function of the record's position: the step answer (ids are positions) shows it.
    const step = (await getJson(server.url, "/incremental/step?start_id=1&end_id=3")).body.data as Record<string, string>[];
    assert.deepEqual(step.map((row) => row.phone), [phoneOf(0), phoneOf(1), phoneOf(2)]);
    assert.deepEqual(step.map((row) => Object.keys(row).at(-1)), ["phone", "phone", "phone"]);
    const csv = (await send(server.url, "/export/csv")).text.split("\r\n");
    assert.equal(csv[0], "id,name,email,address,company,job,createdAt,updatedAt,phone");
    assert.ok(csv[1]!.endsWith(`,${phoneOf(0)}`));
    // Inserted records carry one too.
    server.playground.clock.advance(10);
    const inserted = server.playground.churn(1);
    const all = (await getJson(server.url, "/incremental/timestamp")).body.data as Record<string, string>[];
    for (const change of inserted) assert.match(all.find((row) => row.id === change.id)!.phone!, /^\+1-555-/);
    assert.equal(server.playground.config().schemaDrift.drifted, true);
    // Reset: back to no phone (and the clock back before the moment).
    server.playground.reset();
    assert.equal((await getJson(server.url, "/pagination/offset?limit=5")).body.data.some((row: object) => "phone" in row), false);
  } finally {
    await server.playground.close();
  }
});

test("driftSchema() and POST /__playground/schema-drift apply it at once; without the flag the document says it is not scheduled", async () => {
  const server = await start({ seed: 6, records: 10 });
  try {
    const doc = (await getJson(server.url, "/openapi.json")).body;
    assert.match(doc.components.schemas.Record.properties.phone.description, /This run: not scheduled \(no --schema-drift\)\.$/);
    const reply = await send(server.url, "/__playground/schema-drift", { method: "POST" });
    assert.equal(reply.status, 200);
    assert.deepEqual(JSON.parse(reply.text), { drifted: true, at: "2026-11-28T12:00:00.000Z" });
    assert.ok((await getJson(server.url, "/pagination/keyset")).body.data.every((row: object) => "phone" in row));
    assert.deepEqual(server.playground.driftSchema(), { drifted: true, at: "2026-11-28T12:00:00.000Z" }, "once only");
    const bad = await send(server.url, "/__playground/schema-drift", { method: "POST", headers: JSON_TYPE, body: '{"now": true}' });
    assert.equal(bad.status, 400);
  } finally {
    await server.playground.close();
  }
});
