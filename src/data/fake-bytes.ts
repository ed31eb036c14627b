/**
 * The fake-data generator: people, emails, companies, jobs and addresses drawn from a seeded Prng and the
 * project's word lists (encoded once), written straight into bytes (the built-in records' text fragments,
 * declared resources' text fields); fake.ts reads them back as text for the few callers that want strings.
 * Golden tests pin the text of 20,000 seeds of each kind and where each leaves the generator.
 *
 * Like every writer of declared records, these store bytes with plain indexed writes, which a typed array
 * drops past its end while the position still advances: a caller compares the position it gets back with
 * the buffer's length, and writes a row that did not fit again into a buffer that size.
 */
import type { Prng } from "./prng.js";
import { copyBytes, writeInteger, writeLatin1 } from "../codecs/bytes.js";
import {
  CITY_PREFIXES, CITY_SUFFIXES, COMPANY_SUFFIXES, EMAIL_DOMAINS, FIRST_NAMES, JOB_TITLES, LAST_NAMES,
  STATE_CODES, STREET_NAMES, STREET_SUFFIXES,
} from "./words.js";

/** A word list encoded once: every word's bytes packed in one array, and where each starts. */
export class Lexicon {
  private readonly bytes: Uint8Array;
  private readonly starts: Uint32Array;
  readonly count: number;

  constructor(words: readonly string[]) {
    const encoded = words.map((word) => Buffer.from(word));
    this.bytes = Buffer.concat(encoded);
    this.starts = new Uint32Array(words.length + 1);
    for (let k = 0; k < words.length; k++) this.starts[k + 1] = (this.starts[k] as number) + (encoded[k] as Buffer).length;
    this.count = words.length;
  }

  /** Which word `rng.pick(words)` would give (the same draw). */
  draw(rng: Prng): number {
    return Math.floor(rng.float() * this.count);
  }

  /** Writes word k. */
  write(out: Uint8Array, at: number, k: number): number {
    const end = this.starts[k + 1] as number;
    for (let j = this.starts[k] as number; j < end; j++) out[at++] = this.bytes[j] as number;
    return at;
  }

  /** Writes the first byte of word k. */
  initial(out: Uint8Array, at: number, k: number): number {
    out[at] = this.bytes[this.starts[k] as number] as number;
    return at + 1;
  }

  /** Draws a word as `rng.pick` does and writes it. */
  pick(rng: Prng, out: Uint8Array, at: number): number {
    return this.write(out, at, this.draw(rng));
  }
}

/** A name as it appears in an email address: lowercase letters only. */
const emailPart = (word: string): string => word.toLowerCase().replace(/[^a-z]/g, "");

const FIRST = new Lexicon(FIRST_NAMES);
const LAST = new Lexicon(LAST_NAMES);
const FIRST_PARTS = new Lexicon(FIRST_NAMES.map(emailPart));
const LAST_PARTS = new Lexicon(LAST_NAMES.map(emailPart));
const DOMAINS = new Lexicon(EMAIL_DOMAINS);
const JOBS = new Lexicon(JOB_TITLES);
const COMPANIES = new Lexicon(COMPANY_SUFFIXES);
const STREETS = new Lexicon(STREET_NAMES);
const STREET_KINDS = new Lexicon(STREET_SUFFIXES);
const CITY_HEADS = new Lexicon(CITY_PREFIXES);
const CITY_TAILS = new Lexicon(CITY_SUFFIXES);
const STATES = new Lexicon(STATE_CODES);

/** A person's name: `First Last`. */
export function writeName(rng: Prng, out: Uint8Array, at: number): number {
  at = FIRST.pick(rng, out, at);
  out[at++] = 0x20;
  return LAST.pick(rng, out, at);
}

/** The first word of a person's name (first names are one word), drawn as writePerson draws it. */
export function writeFirstName(rng: Prng, out: Uint8Array, at: number): number {
  return FIRST.pick(rng, out, at);
}

/** A person's name after its first word. */
export function writeLastName(rng: Prng, out: Uint8Array, at: number): number {
  FIRST.draw(rng);
  return LAST.pick(rng, out, at);
}

/** A person's email from its draws so far (its first and last names and the domain): a local part in one of five forms, `@`, the domain. */
function writeDrawnEmail(rng: Prng, first: number, last: number, domain: number, out: Uint8Array, at: number): number {
  switch (rng.int(0, 4)) {
    case 0:
      at = FIRST_PARTS.write(out, at, first);
      out[at++] = 0x2e;
      at = LAST_PARTS.write(out, at, last);
      break;
    case 1:
      at = FIRST_PARTS.initial(out, at, first);
      at = LAST_PARTS.write(out, at, last);
      break;
    case 2:
      at = FIRST_PARTS.write(out, at, first);
      at = writeInteger(out, at, rng.int(1, 99));
      break;
    case 3:
      at = LAST_PARTS.write(out, at, last);
      at = FIRST_PARTS.write(out, at, first);
      break;
    default:
      at = FIRST_PARTS.write(out, at, first);
      out[at++] = 0x5f;
      at = LAST_PARTS.write(out, at, last);
      at = writeInteger(out, at, rng.int(1, 999));
      break;
  }
  out[at++] = 0x40;
  return DOMAINS.write(out, at, domain);
}

/** A person's email, drawn as writePerson draws it. */
export function writeEmail(rng: Prng, out: Uint8Array, at: number): number {
  const first = FIRST.draw(rng);
  const last = LAST.draw(rng);
  return writeDrawnEmail(rng, first, last, DOMAINS.draw(rng), out, at);
}

/** A person whole, from one person's draws: the name, then `between`, then the email. */
export function writePerson(rng: Prng, out: Uint8Array, at: number, between: Uint8Array): number {
  const first = FIRST.draw(rng);
  const last = LAST.draw(rng);
  const domain = DOMAINS.draw(rng);
  at = FIRST.write(out, at, first);
  out[at++] = 0x20;
  at = LAST.write(out, at, last);
  at = copyBytes(out, at, between, 0, between.length);
  return writeDrawnEmail(rng, first, last, domain, out, at);
}

/** A company name in the usual forms: `Nguyen, Nash and King`, `Johnson-Miller` or `Smith LLC`. */
export function writeCompany(rng: Prng, out: Uint8Array, at: number): number {
  switch (rng.int(0, 2)) {
    case 0:
      at = LAST.pick(rng, out, at);
      at = writeLatin1(out, at, ", ");
      at = LAST.pick(rng, out, at);
      at = writeLatin1(out, at, " and ");
      return LAST.pick(rng, out, at);
    case 1:
      at = LAST.pick(rng, out, at);
      out[at++] = 0x2d;
      return LAST.pick(rng, out, at);
    default:
      at = LAST.pick(rng, out, at);
      out[at++] = 0x20;
      return COMPANIES.pick(rng, out, at);
  }
}

/** A real job title. */
export function writeJob(rng: Prng, out: Uint8Array, at: number): number {
  return JOBS.pick(rng, out, at);
}

/** An address's city. */
function writeCity(rng: Prng, out: Uint8Array, at: number): number {
  switch (rng.int(0, 3)) {
    case 0:
      at = CITY_HEADS.pick(rng, out, at);
      out[at++] = 0x20;
      at = LAST.pick(rng, out, at);
      return CITY_TAILS.pick(rng, out, at);
    case 1:
      at = LAST.pick(rng, out, at);
      return CITY_TAILS.pick(rng, out, at);
    case 2:
      at = FIRST.pick(rng, out, at);
      return CITY_TAILS.pick(rng, out, at);
    default:
      at = CITY_HEADS.pick(rng, out, at);
      out[at++] = 0x20;
      return FIRST.pick(rng, out, at);
  }
}

/** An address's street line: `4127 Maple Street`, with an apartment or suite sometimes. */
function writeStreetLine(rng: Prng, out: Uint8Array, at: number): number {
  const street = rng.int(0, 2) === 0 ? LAST : STREETS;
  const word = street.draw(rng);
  at = writeInteger(out, at, rng.int(1, 99_999));
  out[at++] = 0x20;
  at = street.write(out, at, word);
  out[at++] = 0x20;
  at = STREET_KINDS.pick(rng, out, at);
  const unit = rng.int(0, 5);
  if (unit === 0) {
    at = writeLatin1(out, at, " Apt. ");
    at = writeInteger(out, at, rng.int(1, 999));
  } else if (unit === 1) {
    at = writeLatin1(out, at, " Suite ");
    at = writeInteger(out, at, rng.int(100, 999));
  }
  return at;
}

/** An address on one line: `4127 Maple Street, Port Johnstad, AS 18073`. */
export function writeAddress(rng: Prng, out: Uint8Array, at: number): number {
  at = writeStreetLine(rng, out, at);
  at = writeLatin1(out, at, ", ");
  at = writeCity(rng, out, at);
  at = writeLatin1(out, at, ", ");
  at = STATES.pick(rng, out, at);
  out[at++] = 0x20;
  return writeInteger(out, at, rng.int(501, 99_950), 5);
}

/** Where a street line drawn only to move the generator on is put. */
const DRAWN = new Uint8Array(64);

/** An address's city part (the street line before it is drawn, not written). */
export function writeAddressCity(rng: Prng, out: Uint8Array, at: number): number {
  writeStreetLine(rng, DRAWN, 0);
  return writeCity(rng, out, at);
}
