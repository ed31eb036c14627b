/**
 * The fake-data generator's byte writers: each part (a name, an email, a city) is the part of the whole
 * person or address the same seed makes, and leaves the generator where it does; every writer writes at
 * an offset and nothing past its end. (fake.ts reads the whole ones back as text; test/data/fake.test.ts
 * pins that text by SHA-256.)
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { fakeAddress, fakeCompanyName, fakeJob, fakePerson } from "../../src/data/fake.js";
import { Lexicon, writeAddress, writeAddressCity, writeCompany, writeEmail, writeFirstName, writeJob, writeLastName, writeName, writePerson } from "../../src/data/fake-bytes.js";
import { Prng } from "../../src/data/prng.js";

type Writer = (rng: Prng, out: Uint8Array, at: number) => number;

const CASES: [string, Writer, (rng: Prng) => string][] = [
  ["name", writeName, (rng) => fakePerson(rng).name],
  ["first_name", writeFirstName, (rng) => fakePerson(rng).name.split(" ")[0]!],
  ["last_name", writeLastName, (rng) => fakePerson(rng).name.split(" ").slice(1).join(" ")],
  ["email", writeEmail, (rng) => fakePerson(rng).email],
  ["company", writeCompany, fakeCompanyName],
  ["job", writeJob, fakeJob],
  ["address", writeAddress, fakeAddress],
  ["city", writeAddressCity, (rng) => fakeAddress(rng).split(", ")[1]!],
];

test("each byte writer gives its part of the whole person or address (as text) for 20,000 seeds, written at an offset, nothing past its end", () => {
  const out = Buffer.alloc(256);
  const expected = new Prng(0);
  const written = new Prng(0);
  for (const [kind, write, text] of CASES) {
    const seen = new Set<string>();
    for (let seed = 0; seed < 20_000; seed++) {
      const want = text(expected.reseed(seed, seed ^ 0x9e3779b9, 7, seed * 31));
      out.fill(0x7e);
      const end = write(written.reseed(seed, seed ^ 0x9e3779b9, 7, seed * 31), out, 5);
      const got = out.toString("latin1", 5, end);
      if (got !== want) assert.equal(got, want, `${kind}, seed ${seed}`);
      if (out[end] !== 0x7e) assert.fail(`${kind}, seed ${seed}: a byte written past the end`);
      seen.add(got);
    }
    // A part writer that drew less than the whole would still match its part: the email draws everything after it.
    assert.ok(seen.size > 100, `${kind}: ${seen.size} different texts`);
  }
  // Every form of an email and an address came up (by their separators).
  const emails = new Set<string>();
  for (let seed = 0; seed < 2000; seed++) {
    const end = writeEmail(written.reseed(seed, 1, 2, 3), out, 0);
    const local = out.toString("latin1", 0, end).split("@")[0]!;
    emails.add(local.includes(".") ? "dot" : local.includes("_") ? "underscore" : /\d/.test(local) ? "number" : "plain");
  }
  assert.deepEqual([...emails].sort(), ["dot", "number", "plain", "underscore"]);
});

test("a lexicon writes each word, draws as Prng.pick does, and writes a word's first byte", () => {
  const words = ["alpha", "", "café", "z"];
  const lexicon = new Lexicon(words);
  assert.equal(lexicon.count, 4);
  const out = Buffer.alloc(16);
  assert.equal(lexicon.write(out, 2, 2), 7);
  assert.equal(out.toString("utf8", 2, 7), "café");
  assert.equal(lexicon.write(out, 0, 1), 0);
  assert.equal(lexicon.initial(out, 9, 0), 10);
  assert.equal(out.toString("latin1", 9, 10), "a");
  const a = new Prng(5);
  const b = new Prng(5);
  for (let k = 0; k < 1000; k++) assert.equal(words[lexicon.draw(a)], b.pick(words));
});

test("past the buffer's end nothing is written and the position still counts every byte", () => {
  const out = Buffer.alloc(4);
  const end = writeAddress(new Prng(0).reseed(1, 2, 3, 4), out, 2);
  const full = Buffer.alloc(200);
  assert.equal(end, writeAddress(new Prng(0).reseed(1, 2, 3, 4), full, 2));
  assert.deepEqual([...out.subarray(2)], [...full.subarray(2, 4)]);
});

test("writePerson: a person's name, the bytes between, its email, from one person's draws, as fakePerson reads them", () => {
  const out = Buffer.alloc(200);
  const between = Buffer.from(" | ");
  const expected = new Prng(0);
  const written = new Prng(0);
  for (let seed = 0; seed < 5000; seed++) {
    const person = fakePerson(expected.reseed(seed, 3, seed ^ 5, 7));
    const end = writePerson(written.reseed(seed, 3, seed ^ 5, 7), out, 1, between);
    if (out.toString("latin1", 1, end) !== `${person.name} | ${person.email}`) assert.equal(out.toString("latin1", 1, end), `${person.name} | ${person.email}`, `seed ${seed}`);
  }
});
