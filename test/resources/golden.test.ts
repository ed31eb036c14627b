/**
 * Declared records are the same on every build: a fixed seed and file give these exact bytes. The file below
 * uses every field kind and text vocabulary (nullable, nested, in arrays, enums needing JSON escapes and CSV
 * quotes, non-ASCII), then soft deletes, churn (updates, inserts, deletes) and schema drift; the records'
 * JSON and CSV are pinned by their SHA-256 and one record in full. A change here changes what a fixed-seed
 * user's snapshots hold: it must be on purpose.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { DeclaredResources } from "../../src/resources/records.js";
import { readResourceFile, TEXT_KINDS, type ResourceSpec } from "../../src/resources/schema.js";
import { csvChunks, ndjsonChunks } from "../../src/data/serialize.js";

const EPOCH_SECONDS = Date.UTC(2026, 0, 1) / 1000;

const TEXTS = Object.fromEntries(TEXT_KINDS.map((kind) => [`t_${kind}`, { kind: "text", text: kind }]));
const FILE = {
  resources: [
    {
      name: "everything", path: "/everything", records: 3000,
      fields: {
        id: { kind: "id" }, changed: { kind: "timestamp" }, other: { kind: "timestamp", nullable: 0.2 }, day: { kind: "date" },
        ok: { kind: "boolean", trueShare: 0.3 }, small: { kind: "integer", min: -7, max: 7 }, wide: { kind: "integer", min: -(2 ** 45), max: 2 ** 45 },
        price: { kind: "decimal", min: -99.99, max: 99999.99 }, rate: { kind: "decimal", min: 0, max: 1, scale: 4 }, whole: { kind: "decimal", min: 1, max: 9, scale: 0 },
        status: { kind: "enum", values: ["a, b", "say \"hi\"", "café", "back\\slash", "plain"] },
        weighted: { kind: "enum", values: { common: 8, rare: 1, "line\nbreak": 1 }, nullable: 0.1 },
        ...TEXTS,
        maybe: { kind: "text", text: "company", nullable: 0.5 },
        meta: { kind: "object", nullable: 0.3, fields: {
          n: { kind: "integer", min: 1, max: 9 }, label: { kind: "text", text: "words" }, owner: { kind: "reference", resource: "owners" },
          when: { kind: "timestamp" }, flag: { kind: "boolean" }, note: { kind: "enum", values: ["a, b", "say \"hi\""] },
          inner: { kind: "object", fields: { price: { kind: "decimal", min: 0, max: 9 }, where: { kind: "text", text: "address" } } },
        } },
        place: { kind: "object", fields: { city: { kind: "text", text: "city" }, zip: { kind: "integer", min: 501, max: 99950 }, at: { kind: "date", nullable: 0.5 } } },
        tags: { kind: "array", max: 4, items: { kind: "text", text: "words" } },
        lines: { kind: "array", min: 1, max: 3, items: { kind: "object", fields: { sku: { kind: "enum", values: ["A-1", "B\"2"] }, qty: { kind: "integer", min: 1, max: 99 } } } },
        scores: { kind: "array", min: 0, max: 2, items: { kind: "decimal", min: -1, max: 1, scale: 3 }, nullable: 0.2 },
        owner: { kind: "reference", resource: "owners" },
      },
      changes: { drift: { phone2: { kind: "text", text: "phone" }, extra: { kind: "object", fields: { k: { kind: "enum", values: ["x,y"] } } } } },
    },
    { name: "owners", path: "/owners", records: 50, fields: { id: { kind: "id", format: "sequence" }, at: { kind: "timestamp" }, name: { kind: "text", text: "name" } } },
  ],
};

function build(): DeclaredResources {
  const read = readResourceFile(FILE);
  assert.ok("resources" in read, JSON.stringify(read));
  return new DeclaredResources(read.resources as ResourceSpec[], 11, EPOCH_SECONDS, true);
}

const sha256 = (chunks: Iterable<Buffer>): string => {
  const hash = createHash("sha256");
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest("hex");
};

/** Each resource's NDJSON and CSV (every listed record), as text and through the byte streams, by their SHA-256. */
function digests(resources: DeclaredResources): string[] {
  return resources.list.flatMap((resource) => {
    const view = resource.listed();
    const positions = Array.from(view.positions(0, view.length));
    const ndjsonText = positions.map((i) => `${resource.json(i)}\n`).join("");
    const csvText = resource.csvHeader() + positions.map((i) => resource.csvRow(i)).join("");
    const ndjson = sha256([Buffer.from(ndjsonText)]);
    const csv = sha256([Buffer.from(csvText)]);
    assert.equal(sha256(ndjsonChunks(resource, view)), ndjson, `${resource.spec.name}: NDJSON chunks are the text's bytes`);
    assert.equal(sha256(csvChunks(resource, view)), csv, `${resource.spec.name}: CSV chunks are the text's bytes`);
    return [`${resource.spec.name} ndjson ${ndjson}`, `${resource.spec.name} csv ${csv}`];
  });
}

test("declared records, fixed seed: the same bytes on every build (generated, then after churn and drift)", () => {
  const resources = build();
  const [everything] = resources.list;
  assert.equal(everything!.json(7), "{\"id\":\"ff705f89-92a7-4bd4-8a21-affdfa3087ab\",\"changed\":\"2025-08-29T07:46:23Z\",\"other\":\"2025-08-17T20:40:45Z\",\"day\":\"2025-05-28\",\"ok\":false,\"small\":6,\"wide\":7632775517907,\"price\":42437.59,\"rate\":0.4073,\"whole\":7,\"status\":\"café\",\"weighted\":null,\"t_name\":\"Heather Walker\",\"t_first_name\":\"Chidi\",\"t_last_name\":\"Green\",\"t_email\":\"armstrongphilip@example.com\",\"t_company\":\"Hill-Silva\",\"t_job\":\"Chief Executive Officer\",\"t_address\":\"31768 Center Road, Grantberg, VI 10680\",\"t_city\":\"East Phillipsmont\",\"t_phone\":\"+1-514-567-6550\",\"t_words\":\"executive firefighter art\",\"t_sentence\":\"Laurel maintenance film careers officer geologist nurse horticultural.\",\"maybe\":null,\"meta\":{\"n\":1,\"label\":\"doctor adams data\",\"owner\":13,\"when\":\"2025-08-09T22:46:13Z\",\"flag\":true,\"note\":\"a, b\",\"inner\":{\"price\":1,\"where\":\"4819 Aspen Court, Johnsonville, NH 01144\"}},\"place\":{\"city\":\"West Freemanland\",\"zip\":30696,\"at\":\"2025-06-07\"},\"tags\":[\"tourism life technician jackson\",\"forensic maintenance\"],\"lines\":[{\"sku\":\"A-1\",\"qty\":24},{\"sku\":\"A-1\",\"qty\":52}],\"scores\":[],\"owner\":48,\"deleted_at\":null}");
  assert.equal(everything!.csvRow(7), "ff705f89-92a7-4bd4-8a21-affdfa3087ab,2025-08-29T07:46:23Z,2025-08-17T20:40:45Z,2025-05-28,false,6,7632775517907,42437.59,0.4073,7,café,,Heather Walker,Chidi,Green,armstrongphilip@example.com,Hill-Silva,Chief Executive Officer,\"31768 Center Road, Grantberg, VI 10680\",East Phillipsmont,+1-514-567-6550,executive firefighter art,Laurel maintenance film careers officer geologist nurse horticultural.,,\"{\"\"n\"\":1,\"\"label\"\":\"\"doctor adams data\"\",\"\"owner\"\":13,\"\"when\"\":\"\"2025-08-09T22:46:13Z\"\",\"\"flag\"\":true,\"\"note\"\":\"\"a, b\"\",\"\"inner\"\":{\"\"price\"\":1,\"\"where\"\":\"\"4819 Aspen Court, Johnsonville, NH 01144\"\"}}\",West Freemanland,30696,2025-06-07,\"[\"\"tourism life technician jackson\"\",\"\"forensic maintenance\"\"]\",\"[{\"\"sku\"\":\"\"A-1\"\",\"\"qty\"\":24},{\"\"sku\"\":\"\"A-1\"\",\"\"qty\"\":52}]\",[],48,\r\n");
  assert.deepEqual(digests(resources), [
    "everything ndjson cce8e2d1c86e4f07392a2e44281e73ed1d14f53c5bc2371c0949210a1812b1cf",
    "everything csv 67edeaa7318f31eb106d15acb03a128da5ee8f58dac1e2cc16d2f18b3b4a1f14",
    "owners ndjson 4a720a591bb24e74b5eda57a2bce52d51b6394b6477dd824975faac7bb0e69e4",
    "owners csv 0d3a7bafbcc1064000c945a7c5a159cea2e3a9c85751e7c710b9cf3bff9ea7aa",
  ]);
  resources.churn(EPOCH_SECONDS + 60, 400, { update: 5, insert: 3, delete: 2 });
  resources.drift();
  assert.equal(everything!.json(7), "{\"id\":\"ff705f89-92a7-4bd4-8a21-affdfa3087ab\",\"changed\":\"2025-12-31T23:56:10Z\",\"other\":\"2025-08-17T20:40:45Z\",\"day\":\"2025-05-28\",\"ok\":false,\"small\":6,\"wide\":7632775517907,\"price\":42437.59,\"rate\":0.4073,\"whole\":7,\"status\":\"café\",\"weighted\":null,\"t_name\":\"Heather Walker\",\"t_first_name\":\"Chidi\",\"t_last_name\":\"Green\",\"t_email\":\"armstrongphilip@example.com\",\"t_company\":\"Hill-Silva\",\"t_job\":\"Chief Executive Officer\",\"t_address\":\"31768 Center Road, Grantberg, VI 10680\",\"t_city\":\"East Phillipsmont\",\"t_phone\":\"+1-514-567-6550\",\"t_words\":\"executive firefighter art\",\"t_sentence\":\"Laurel maintenance film careers officer geologist nurse horticultural.\",\"maybe\":null,\"meta\":{\"n\":1,\"label\":\"doctor adams data\",\"owner\":13,\"when\":\"2025-08-09T22:46:13Z\",\"flag\":true,\"note\":\"a, b\",\"inner\":{\"price\":1,\"where\":\"4819 Aspen Court, Johnsonville, NH 01144\"}},\"place\":{\"city\":\"West Freemanland\",\"zip\":30696,\"at\":\"2025-06-07\"},\"tags\":[\"tourism life technician jackson\",\"forensic maintenance\"],\"lines\":[{\"sku\":\"A-1\",\"qty\":24},{\"sku\":\"A-1\",\"qty\":52}],\"scores\":[],\"owner\":48,\"deleted_at\":null,\"phone2\":\"+1-310-410-4384\",\"extra\":{\"k\":\"x,y\"}}");
  assert.equal(everything!.csvHeader(), "id,changed,other,day,ok,small,wide,price,rate,whole,status,weighted,t_name,t_first_name,t_last_name,t_email,t_company,t_job,t_address,t_city,t_phone,t_words,t_sentence,maybe,meta,place.city,place.zip,place.at,tags,lines,scores,owner,deleted_at,phone2,extra.k\r\n");
  assert.deepEqual(digests(resources), [
    "everything ndjson ca69438b5406b825ab8367e162bd9a868070f1f4f0460427f49c48e790186f0b",
    "everything csv 2c86afe36f1de4e1eedfe6ce43089982d89e95401e7e6beabb3fa0f00941d710",
    "owners ndjson 6206f4fce6a361a2486ccf1c2de8de9f6390f827a6f8f623585ea7d4b02880a1",
    "owners csv 02d3f426caac327fe205abab66f7caef4be53505bb26f7a486159b825c5862c0",
  ]);
});

test("a record where it does not fit: minus the room it needs (never less), nothing past the buffer; given that room, its text's bytes", () => {
  const resources = build();
  resources.churn(EPOCH_SECONDS + 60, 400, { update: 5, insert: 3, delete: 2 });
  resources.drift();
  const [everything] = resources.list;
  const columns = everything!.csvHeader().split(",").length;
  for (let i = 0; i < 40; i++) {
    for (const [form, write, text] of [["json", everything!.writeJson, everything!.json], ["csv", everything!.writeCsvRow, everything!.csvRow]] as const) {
      const bytes = Buffer.from(text.call(everything!, i));
      for (const room of [0, 1, 19, 37, bytes.length >> 1, bytes.length - 2, bytes.length - 1]) {
        const out = Buffer.alloc(3 + room + 8, 0x7e);
        const short = out.subarray(0, 3 + room);
        const needed = write.call(everything!, i, short, 3);
        assert.ok(needed < 0 && -needed >= bytes.length, `${form} ${i} in ${room}: ${needed} for ${bytes.length} bytes`);
        assert.equal(out.subarray(3 + room).every((byte) => byte === 0x7e), true, `${form} ${i} in ${room}: nothing past the end`);
        // JSON asks for exactly its bytes; a CSV field cut short counts as quoted (two bytes more, at most once a column).
        if (form === "json") assert.equal(-needed, bytes.length, `json ${i} in ${room}`);
        else assert.ok(-needed - bytes.length <= 2 * columns, `csv ${i} in ${room}: ${-needed} for ${bytes.length}`);
        const roomy = Buffer.alloc(3 - needed);
        assert.equal(write.call(everything!, i, roomy, 3), 3 + bytes.length, `${form} ${i}: fits in the room asked for`);
        assert.deepEqual(roomy.subarray(3, 3 + bytes.length), bytes, `${form} ${i}`);
      }
    }
  }
});

test("a record longer than the text forms' 16 KiB scratch buffer: its text and its bytes agree", () => {
  const read = readResourceFile({ resources: [{ name: "long", path: "/long", records: 3, fields: {
    id: { kind: "id" }, at: { kind: "timestamp" }, notes: { kind: "array", min: 10, max: 10, items: { kind: "array", min: 10, max: 10, items: { kind: "array", min: 4, max: 4, items: { kind: "text", text: "sentence" } } } },
  }, api: { pagination: { style: "offset", maxLimit: 1, defaultLimit: 1 } } }] });
  assert.ok("resources" in read, JSON.stringify(read));
  const [long] = new DeclaredResources(read.resources as ResourceSpec[], 5, EPOCH_SECONDS).list;
  const json = long!.json(1);
  assert.ok(json.length > 16 * 1024, `${json.length} characters`);
  assert.equal((JSON.parse(json) as { notes: string[][][] }).notes.flat(2).length, 400);
  const out = Buffer.alloc(json.length + 10);
  assert.equal(long!.writeJson(1, out, 10), out.length);
  assert.equal(out.toString("utf8", 10), json);
  const row = long!.csvRow(1);
  assert.ok(row.length > 16 * 1024 && row.endsWith("\r\n"), `${row.length} characters`);
  assert.equal(row.split(",")[2], `"[[[""${(JSON.parse(json) as { notes: string[][][] }).notes[0]![0]![0]}""`);
});
