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

const EMAIL_PARTS = new Map<string, string>();

/** A name as it appears in an email address: lowercase letters only (remembered per word: the lists are small). */
export function emailPart(word: string): string {
  let part = EMAIL_PARTS.get(word);
  if (part === undefined) {
    part = word.toLowerCase().replace(/[^a-z]/g, "");
    EMAIL_PARTS.set(word, part);
  }
  return part;
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
