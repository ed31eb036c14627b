/**
 * Fake people, companies and addresses as text: the generator's bytes (fake-bytes.ts) read back, for the
 * callers that want strings (records inserted by churn, the companies). Generated text is ASCII, so each
 * byte is one character.
 */
import type { Prng } from "./prng.js";
import { writeAddress, writeCompany, writeJob, writePerson } from "./fake-bytes.js";

export interface Person {
  readonly name: string;
  readonly email: string;
}

/** Where a text is written before it is read (generated text is far shorter). */
const SCRATCH = Buffer.alloc(1024);
/** Between a person's name and email: a byte no generated text holds. */
const NEWLINE = Uint8Array.of(0x0a);

const written = (end: number): string => SCRATCH.toString("latin1", 0, end);

/** A "First Last" name and a plausible lowercase email at an example domain. */
export function fakePerson(rng: Prng): Person {
  const text = written(writePerson(rng, SCRATCH, 0, NEWLINE));
  const cut = text.indexOf("\n");
  return { name: text.slice(0, cut), email: text.slice(cut + 1) };
}

/** One line: `4127 Maple Street, Port Johnstad, AS 18073` (optionally with an apartment or suite). */
export function fakeAddress(rng: Prng): string {
  return written(writeAddress(rng, SCRATCH, 0));
}

/** Company names in the usual forms: `Nguyen, Nash and King`, `Johnson-Miller`, `Smith LLC`. */
export function fakeCompanyName(rng: Prng): string {
  return written(writeCompany(rng, SCRATCH, 0));
}

/** A real job title. */
export function fakeJob(rng: Prng): string {
  return written(writeJob(rng, SCRATCH, 0));
}
