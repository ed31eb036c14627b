import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { fakeAddress, fakeCompanyName, fakeJob, fakePerson } from "../../src/data/fake.js";
import { Prng } from "../../src/data/prng.js";
import * as words from "../../src/data/words.js";
import { JOB_TITLES } from "../../src/data/words.js";

test("people have 'First Last' names and lowercase emails at example domains", () => {
  const rng = new Prng(3);
  const names = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const person = fakePerson(rng);
    assert.match(person.name, /^[A-Z][a-z]+ [A-Z][A-Za-z]+$/);
    assert.match(person.email, /^[a-z0-9._]+@example\.(com|net|org)$/);
    names.add(person.name);
  }
  assert.ok(names.size > 190, `only ${names.size} distinct names in 200`);
});

test("addresses are one line like '4127 Maple Street, Port Johnstad, AS 18073'", () => {
  const rng = new Prng(4);
  for (let i = 0; i < 300; i++) {
    assert.match(fakeAddress(rng), /^\d{1,5} [A-Z][A-Za-z]+ [A-Z][a-z]+( (Apt\.|Suite) \d+)?, [A-Z][A-Za-z ]+, [A-Z]{2} \d{5}$/);
  }
});

test("companies take the usual forms and jobs come from the list", () => {
  const rng = new Prng(5);
  const forms = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const company = fakeCompanyName(rng);
    if (/^[A-Z][A-Za-z]+, [A-Z][A-Za-z]+ and [A-Z][A-Za-z]+$/.test(company)) forms.add("three");
    else if (/^[A-Z][A-Za-z]+-[A-Z][A-Za-z]+$/.test(company)) forms.add("hyphen");
    else if (/^[A-Z][A-Za-z]+ (LLC|Inc|Group|PLC|Ltd|and Sons|Co|Partners)$/.test(company)) forms.add("suffix");
    else assert.fail(`unexpected company form: ${company}`);
    assert.ok(JOB_TITLES.includes(fakeJob(rng)));
  }
  assert.deepEqual([...forms].sort(), ["hyphen", "suffix", "three"]);
  assert.ok(JOB_TITLES.length >= 100);
});

test("every word list holds only plain ASCII without quotes, backslashes or control characters (records skip JSON escaping)", () => {
  for (const [name, list] of Object.entries(words)) {
    for (const word of list) assert.match(word, /^[\x20-\x7e]+$/, `${name}: ${word}`);
    for (const word of list) assert.doesNotMatch(word, /["\\]/, `${name}: ${word}`);
  }
});

test("the lists behind the text kinds written into CSV without a look for commas hold no comma, quote, CR or LF (declared resources' names, emails, cities, words)", () => {
  const lists = { FIRST_NAMES: words.FIRST_NAMES, LAST_NAMES: words.LAST_NAMES, EMAIL_DOMAINS: words.EMAIL_DOMAINS, CITY_PREFIXES: words.CITY_PREFIXES, CITY_SUFFIXES: words.CITY_SUFFIXES };
  for (const [name, list] of Object.entries(lists)) for (const word of list) assert.doesNotMatch(word, /[",\r\n]/, `${name}: ${word}`);
  // The kinds that may hold one do: a company and a job title with a comma exist.
  assert.ok(words.JOB_TITLES.some((title) => title.includes(",")));
  assert.ok(words.COMPANY_SUFFIXES.every((suffix) => !suffix.includes(",")), "a company's comma comes from its `A, B and C` form");
});

test("no fragment can outgrow a byte table's 255 characters: the longest each template can make, as JSON and as CSV", () => {
  const longest = (list: readonly string[]): number => Math.max(...list.map((word) => word.length));
  const first = longest(words.FIRST_NAMES);
  const last = longest(words.LAST_NAMES);
  const domain = longest(words.EMAIL_DOMAINS);
  // Every email local part is at most first + "_" + last + three digits (fake.ts's longest form).
  const person = `"name":"`.length + first + 1 + last + `","email":"`.length + first + 1 + last + 3 + 1 + domain + 1;
  const city = Math.max(longest(words.CITY_PREFIXES) + 1 + last, first) + longest(words.CITY_SUFFIXES);
  const address = `"address":"`.length + 5 + 1 + Math.max(last, longest(words.STREET_NAMES)) + 1 + longest(words.STREET_SUFFIXES) + " Suite 999".length +
    2 + city + 2 + longest(words.STATE_CODES) + 1 + 5 + 1;
  const company = Math.max(3 * last + ", ".length + " and ".length, last + 1 + longest(words.COMPANY_SUFFIXES));
  const employer = `"company":"`.length + company + `","job":"`.length + longest(words.JOB_TITLES) + 1;
  // The CSV forms are shorter than the JSON ones (no keys), even quoted: two quotes per field at most.
  for (const [name, bound] of [["person", person], ["address", address], ["employer", employer]] as const) {
    assert.equal(bound < 256, true, `${name}: up to ${bound} characters`);
  }
  // And the generated ones stay under those bounds.
  const rng = new Prng(5);
  for (let k = 0; k < 2000; k++) {
    const someone = fakePerson(rng);
    assert.equal(`"name":"${someone.name}","email":"${someone.email}"`.length <= person, true, someone.email);
    assert.equal(`"address":"${fakeAddress(rng)}"`.length <= address, true);
    assert.equal(`"company":"${fakeCompanyName(rng)}","job":"${fakeJob(rng)}"`.length <= employer, true);
  }
});

test("the generator's text is the same on every build: 20,000 seeds of each kind, and where each leaves the generator, pinned by SHA-256", () => {
  const kinds: [string, (rng: Prng) => string][] = [
    ["person", (rng) => { const person = fakePerson(rng); return `${person.name}|${person.email}`; }],
    ["company", fakeCompanyName],
    ["job", fakeJob],
    ["address", fakeAddress],
  ];
  const rng = new Prng(0);
  const digests = kinds.map(([, make]) => {
    const hash = createHash("sha256");
    for (let seed = 0; seed < 20_000; seed++) hash.update(`${make(rng.reseed(seed, seed ^ 0x9e3779b9, 7, seed * 31))}\n${rng.nextUint32()}\n`);
    return hash.digest("hex");
  });
  // Taken when the text was written by fake.ts's own templates.
  assert.deepEqual(digests, [
    "016d891add6d43ad70143a3f6a0211b2050b8b18dae0954571b3863ba21de30f",
    "b44142f9bfe7368b471b63c9f8414187a648ea7cf119762957f3547cf60a997f",
    "007e7899e884820e237b4689c002bab884b00356c05b088aae67bbf28a7d3e8f",
    "21cb48bc204e651a2acf381708d4187b1fa17ac0f95dec444619f80e53f47cff",
  ]);
});
