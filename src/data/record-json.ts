/** One record as text: its JSON (keys in RECORD_KEYS order) and CSV fields, and the phone schema drift adds. */
import { csvField } from "../codecs/csv.js";
import { formatTimestamp } from "../codecs/timestamp.js";
import type { UserRecord } from "./record.js";

/** Column order of every record, in JSON and CSV alike. */
export const RECORD_KEYS = ["id", "name", "email", "address", "company", "job", "createdAt", "updatedAt"] as const;

const NEEDS_ESCAPE = /["\\\u0000-\u001f\u2028\u2029]/;

const plainQuote = (text: string): string => `"${text}"`;

/**
 * A record's text members, between `id` and `createdAt`: `"name":..,"email":..,"address":..,"company":..,"job":..`.
 * Generated text never needs escaping, so one check over all fields decides between plain quoting and
 * JSON.stringify per field.
 */
export function textJsonOf(record: UserRecord): string {
  const { name, email, address, company, job } = record;
  const quote = !NEEDS_ESCAPE.test(`${name}${email}${address}${company}${job}`) ? plainQuote : JSON.stringify;
  return `"name":${quote(name)},"email":${quote(email)},"address":${quote(address)},"company":${quote(company)},"job":${quote(job)}`;
}

export const timestampsJson = (createdAt: number, updatedAt: number): string => `,"createdAt":"${formatTimestamp(createdAt)}","updatedAt":"${formatTimestamp(updatedAt)}"`;

export const idMember = (id: string, safe: boolean): string => `{"id":${safe || !NEEDS_ESCAPE.test(id) ? plainQuote(id) : JSON.stringify(id)},`;

/** Serialises a record with keys in RECORD_KEYS order. */
export function recordToJson(record: UserRecord): string {
  return `${idMember(record.id, false)}${textJsonOf(record)}${timestampsJson(record.createdAt, record.updatedAt)}}`;
}

export const textCsvOf = (record: UserRecord): string => [record.name, record.email, record.address, record.company, record.job].map(csvField).join(",");

/**
 * The phone number schema drift gives the record at a position: a pure function of the position.
 * @example phoneOf(0) // "+1-555-…" (always 15 characters)
 */
export function phoneOf(position: number): string {
  const digits = String((Math.imul(position + 1, 0x9e3779b1) >>> 0) % 10_000_000).padStart(7, "0");
  return `+1-555-${digits.slice(0, 3)}-${digits.slice(3)}`;
}
