/** Declared records: every text vocabulary, ids both ways, numbers at their edges, nulls at their share, the same on every build. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DeclaredResources } from "../../src/resources/records.js";
import { readResourceFile, TEXT_KINDS, type ResourceSpec } from "../../src/resources/schema.js";

const EPOCH_SECONDS = Date.UTC(2026, 0, 1) / 1000;

function build(resources: unknown[], seed = 3): DeclaredResources {
  const read = readResourceFile({ resources });
  assert.ok("resources" in read, JSON.stringify(read));
  return new DeclaredResources(read.resources as ResourceSpec[], seed, EPOCH_SECONDS);
}

test("every text vocabulary gives plain text of its shape", () => {
  const fields = Object.fromEntries(TEXT_KINDS.map((kind) => [kind, { kind: "text", text: kind }]));
  const [resource] = build([{ name: "people", path: "/people", records: 40, fields: { id: { kind: "id" }, at: { kind: "timestamp" }, ...fields } }]).list;
  const shapes: Record<string, RegExp> = {
    name: /^[A-Z][a-z]+ [A-Z][A-Za-z'-]+$/, first_name: /^[A-Z][a-z]+$/, last_name: /^[A-Z][A-Za-z'-]+$/, email: /^[a-z0-9._]+@example\.(com|net|org)$/,
    company: /^[A-Z][\w ,&'-]+$/, job: /^[A-Z][\w ,()'/-]+$/, address: /^\d+ [\w .'-]+, [\w .'-]+, [A-Z]{2} \d{5}$/, city: /^[A-Z][\w .'-]+$/,
    phone: /^\+1-\d{3}-\d{3}-\d{4}$/, words: /^[a-z]+( [a-z]+){1,3}$/, sentence: /^[A-Z][a-z]*( [a-z]+){5,12}\.$/,
  };
  for (let i = 0; i < 40; i++) {
    const row = JSON.parse(resource!.json(i)) as Record<string, string>;
    for (const kind of TEXT_KINDS) assert.match(row[kind]!, shapes[kind]!, `${kind}: ${row[kind]}`);
  }
});

test("ids: a UUID or a sequence, found back from their text; anything else is not found", () => {
  const { list } = build([
    { name: "a", path: "/a", records: 1000, fields: { id: { kind: "id" }, at: { kind: "timestamp" } } },
    { name: "b", path: "/b", records: 1000, fields: { id: { kind: "id", format: "sequence" }, at: { kind: "timestamp" } } },
  ]);
  const [uuid, sequence] = list as [NonNullable<(typeof list)[number]>, NonNullable<(typeof list)[number]>];
  for (const i of [0, 1, 500, 999]) {
    assert.equal(uuid.positionOf(uuid.idText(i)), i);
    assert.equal(uuid.idJson(i), `"${uuid.idText(i)}"`);
    assert.equal(sequence.positionOf(String(i + 1)), i);
    assert.equal(sequence.idJson(i), String(i + 1));
  }
  for (const bad of ["0", "1001", "01", "1.5", "-1", "abc", "99999999999"]) assert.equal(sequence.positionOf(bad), -1, bad);
  assert.equal(uuid.positionOf("00000000-0000-4000-8000-000000000000"), -1);
  assert.equal(uuid.positionOf("short"), -1);
  // Two resources with the same fields are other records (each its own layout).
  assert.notEqual(uuid.idText(0), build([{ name: "c", path: "/c", records: 1000, fields: { id: { kind: "id" }, at: { kind: "timestamp" } } }]).list[0]!.idText(0));
});

test("numbers stay in range at their edges; a span wider than 2^32 is reached; nulls come at their share", () => {
  const [resource] = build([{ name: "n", path: "/n", records: 2000, fields: {
    id: { kind: "id" }, at: { kind: "timestamp" },
    small: { kind: "integer", min: -1, max: 1 },
    wide: { kind: "integer", min: 0, max: 2 ** 40 },
    money: { kind: "decimal", min: -5.5, max: 5.5, scale: 1 },
    whole: { kind: "decimal", min: 1, max: 3, scale: 0 },
    maybe: { kind: "boolean", nullable: 0.5 },
    fixed: { kind: "array", items: { kind: "date" }, min: 2, max: 2 },
  } }]).list;
  const seen = { small: new Set<number>(), wideHigh: false, nulls: 0 };
  for (let i = 0; i < 2000; i++) {
    const row = JSON.parse(resource!.json(i)) as { small: number; wide: number; money: number; whole: number; maybe: boolean | null; fixed: string[] };
    seen.small.add(row.small);
    if (row.wide > 2 ** 32) seen.wideHigh = true;
    assert.ok(row.wide >= 0 && row.wide <= 2 ** 40 && Number.isInteger(row.wide), `wide ${row.wide}`);
    assert.ok(row.money >= -5.5 && row.money <= 5.5 && Number(row.money.toFixed(1)) === row.money, `money ${row.money}`);
    assert.ok([1, 2, 3].includes(row.whole), `whole ${row.whole}`);
    if (row.maybe === null) seen.nulls++;
    assert.equal(row.fixed.length, 2);
  }
  assert.deepEqual([...seen.small].sort(), [-1, 0, 1]);
  assert.equal(seen.wideHigh, true);
  assert.ok(seen.nulls > 900 && seen.nulls < 1100, `${seen.nulls} nulls of 2000`);
});

test("the change cursor strictly increases, and a filtered view starts at the first record at or after a time", () => {
  const [resource] = build([{ name: "t", path: "/t", records: 500, fields: { id: { kind: "id" }, at: { kind: "timestamp" } } }]).list;
  for (let i = 1; i < 500; i++) assert.ok(resource!.updatedAtOf(i) > resource!.updatedAtOf(i - 1), `record ${i}`);
  const firstSince = (seconds: number): number => 500 - resource!.view("updatedAt", "asc", seconds).length;
  assert.equal(firstSince(resource!.updatedAtOf(250)), 250);
  assert.equal(resource!.view("updatedAt", "asc", resource!.updatedAtOf(250)).at(0), 250);
  assert.equal(firstSince(resource!.updatedAtOf(250) + 1), 251);
  assert.equal(firstSince(0), 0);
  assert.equal(firstSince(EPOCH_SECONDS + 1), 500);
  assert.equal(JSON.parse(resource!.json(10)).at, new Date(resource!.updatedAtOf(10) * 1000).toISOString().replace(".000Z", "Z"));
  assert.equal(resource!.joinedJson([10, 11, 12]), [10, 11, 12].map((i) => resource!.json(i)).join(","));
});

/** Splits one RFC 4180 row (CRLF-terminated) into its fields. */
function csvFields(row: string): string[] {
  assert.equal(row.endsWith("\r\n"), true, "CRLF-terminated");
  const fields: string[] = [];
  let k = 0;
  const text = row.slice(0, -2);
  for (;;) {
    let field = "";
    if (text[k] === "\"") {
      k++;
      for (;;) {
        const end = text.indexOf("\"", k);
        field += text.slice(k, end);
        k = end + 1;
        if (text[k] !== "\"") break;
        field += "\"";
        k++;
      }
    } else {
      const end = text.indexOf(",", k);
      field = text.slice(k, end === -1 ? text.length : end);
      k = end === -1 ? text.length : end;
    }
    fields.push(field);
    if (k >= text.length) return fields;
    assert.equal(text[k], ",", `a comma after a field at ${k}: ${row}`);
    k++;
  }
}

test("CSV rows hold every field's JSON value: strings as themselves, null empty, numbers as written, structures (a nullable object too) as their JSON text, quoted", () => {
  const [resource] = build([{ name: "things", path: "/things", records: 60, fields: {
    id: { kind: "id" }, at: { kind: "timestamp" }, day: { kind: "date" }, company: { kind: "text", text: "company" }, words: { kind: "text", text: "words", nullable: 0.3 },
    size: { kind: "integer", min: -5, max: 5 }, price: { kind: "decimal", min: 0, max: 9, scale: 2 }, ok: { kind: "boolean" },
    status: { kind: "enum", values: ["a, b", "say \"hi\"", "plain"] },
    meta: { kind: "object", nullable: 0.3, fields: {
      n: { kind: "integer", min: 1, max: 9 }, label: { kind: "text", text: "words" }, self: { kind: "reference", resource: "things" },
      when: { kind: "timestamp" }, day: { kind: "date" }, flag: { kind: "boolean" }, note: { kind: "enum", values: ["a, b", "say \"hi\""] },
      maybe: { kind: "integer", min: 1, max: 3, nullable: 0.5 }, inner: { kind: "object", fields: { price: { kind: "decimal", min: 0, max: 9 } } },
    } },
    notes: { kind: "array", min: 1, max: 3, items: { kind: "enum", values: ["a, b", "say \"hi\""] } },
    place: { kind: "object", fields: { city: { kind: "text", text: "city" }, zip: { kind: "integer", min: 10000, max: 99999 } } },
    tags: { kind: "array", max: 3, items: { kind: "text", text: "words" } },
  } }]).list;
  assert.equal(resource!.csvHeader(), "id,at,day,company,words,size,price,ok,status,meta,notes,place.city,place.zip,tags\r\n");
  const cell = (value: unknown): string => (value === null ? "" : typeof value === "string" ? value : JSON.stringify(value));
  const seen = new Set<string>();
  for (let i = 0; i < 60; i++) {
    const row = JSON.parse(resource!.json(i)) as Record<string, unknown> & { place: { city: string; zip: number } };
    const expected = ["id", "at", "day", "company", "words", "size", "price", "ok", "status", "meta", "notes"].map((name) => cell(row[name]))
      .concat([row.place.city, String(row.place.zip), JSON.stringify(row.tags)]);
    assert.deepEqual(csvFields(resource!.csvRow(i)), expected, `record ${i}: ${resource!.csvRow(i)}`);
    seen.add(row.meta === null ? "null meta" : "meta").add(row.words === null ? "null words" : "words").add(String(row.status));
  }
  // The cases above all came up.
  assert.deepEqual([...seen].sort(), ["a, b", "meta", "null meta", "null words", "plain", "say \"hi\"", "words"]);
});

test("every text kind's CSV cell is its value as the project's RFC 4180 writer writes it, for 20,000 records: quoted exactly when it holds a comma", async () => {
  const { csvRow } = await import("../../src/codecs/csv.js");
  const fields = Object.fromEntries(TEXT_KINDS.map((kind) => [kind, { kind: "text", text: kind }]));
  const [resource] = build([{ name: "texts", path: "/texts", records: 20_000, fields: { id: { kind: "id" }, at: { kind: "timestamp" }, ...fields } }]).list;
  const quoted = new Map<string, number>(TEXT_KINDS.map((kind) => [kind, 0]));
  for (let i = 0; i < 20_000; i++) {
    const row = JSON.parse(resource!.json(i)) as Record<string, string>;
    const expected = csvRow([row.id as string, row.at as string, ...TEXT_KINDS.map((kind) => row[kind] as string)]);
    const got = resource!.csvRow(i);
    if (got !== expected) assert.equal(got, expected, `record ${i}`);
    for (const kind of TEXT_KINDS) if ((row[kind] as string).includes(",")) quoted.set(kind, (quoted.get(kind) as number) + 1);
  }
  // Addresses always hold a comma, companies and job titles sometimes, the rest never.
  assert.deepEqual(TEXT_KINDS.filter((kind) => (quoted.get(kind) as number) > 0), ["company", "job", "address"]);
  assert.equal(quoted.get("address"), 20_000);
});
