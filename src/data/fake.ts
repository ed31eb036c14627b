/** Fake people, companies and addresses from the project's word lists and a seeded Prng. */
import type { Prng } from "./prng.js";
import {
  CITY_PREFIXES, CITY_SUFFIXES, COMPANY_SUFFIXES, EMAIL_DOMAINS, FIRST_NAMES, JOB_TITLES, LAST_NAMES,
  STATE_CODES, STREET_NAMES, STREET_SUFFIXES,
} from "./words.js";

export interface Person {
  readonly name: string;
  readonly email: string;
}

function emailPart(word: string): string {
  return word.toLowerCase().replace(/[^a-z]/g, "");
}

/** A "First Last" name and a plausible lowercase email at an example domain. */
export function fakePerson(rng: Prng): Person {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const f = emailPart(first);
  const l = emailPart(last);
  const domain = rng.pick(EMAIL_DOMAINS);
  let local: string;
  switch (rng.int(0, 4)) {
    case 0: local = `${f}.${l}`; break;
    case 1: local = `${f[0]}${l}`; break;
    case 2: local = `${f}${rng.int(1, 99)}`; break;
    case 3: local = `${l}${f}`; break;
    default: local = `${f}_${l}${rng.int(1, 999)}`; break;
  }
  return { name: `${first} ${last}`, email: `${local}@${domain}` };
}

function fakeCity(rng: Prng): string {
  switch (rng.int(0, 3)) {
    case 0: return `${rng.pick(CITY_PREFIXES)} ${rng.pick(LAST_NAMES)}${rng.pick(CITY_SUFFIXES)}`;
    case 1: return `${rng.pick(LAST_NAMES)}${rng.pick(CITY_SUFFIXES)}`;
    case 2: return `${rng.pick(FIRST_NAMES)}${rng.pick(CITY_SUFFIXES)}`;
    default: return `${rng.pick(CITY_PREFIXES)} ${rng.pick(FIRST_NAMES)}`;
  }
}

/** One line: `4127 Maple Street, Port Johnstad, AS 18073` (optionally with an apartment or suite). */
export function fakeAddress(rng: Prng): string {
  const street = rng.int(0, 2) === 0 ? rng.pick(LAST_NAMES) : rng.pick(STREET_NAMES);
  let line = `${rng.int(1, 99999)} ${street} ${rng.pick(STREET_SUFFIXES)}`;
  const unit = rng.int(0, 5);
  if (unit === 0) line += ` Apt. ${rng.int(1, 999)}`;
  else if (unit === 1) line += ` Suite ${rng.int(100, 999)}`;
  return `${line}, ${fakeCity(rng)}, ${rng.pick(STATE_CODES)} ${String(rng.int(501, 99950)).padStart(5, "0")}`;
}

/** Company names in the usual forms: `Nguyen, Nash and King`, `Johnson-Miller`, `Smith LLC`. */
export function fakeCompanyName(rng: Prng): string {
  switch (rng.int(0, 2)) {
    case 0: return `${rng.pick(LAST_NAMES)}, ${rng.pick(LAST_NAMES)} and ${rng.pick(LAST_NAMES)}`;
    case 1: return `${rng.pick(LAST_NAMES)}-${rng.pick(LAST_NAMES)}`;
    default: return `${rng.pick(LAST_NAMES)} ${rng.pick(COMPANY_SUFFIXES)}`;
  }
}

/** A real job title. */
export function fakeJob(rng: Prng): string {
  return rng.pick(JOB_TITLES);
}

const longest = (words: readonly string[]): number => words.reduce((max, word) => Math.max(max, word.length), 0);

/**
 * An upper bound on the bytes of one generated record's JSON (plus its separating comma), from the
 * longest words of each list and the longest form of each field. Lets two threads write their halves
 * of the records into fixed regions of one shared buffer.
 */
export function maxRecordJsonBytes(): number {
  const first = longest(FIRST_NAMES);
  const last = longest(LAST_NAMES);
  const name = first + 1 + last;
  const email = first + last + 4 + "@example.com".length;
  const city = Math.max(longest(CITY_PREFIXES) + 1 + Math.max(last, first) + longest(CITY_SUFFIXES), last + longest(CITY_SUFFIXES));
  const address = 5 + 1 + Math.max(last, longest(STREET_NAMES)) + 1 + longest(STREET_SUFFIXES) + " Suite 999".length + 2 + city + ", XX 99999".length;
  const company = Math.max(3 * last + ", ".length + " and ".length, last + 1 + longest(COMPANY_SUFFIXES));
  // Keys, quotes, the 36-character id and both timestamps take 171 bytes; 200 leaves room.
  return 200 + name + email + address + company + longest(JOB_TITLES);
}
