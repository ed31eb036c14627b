/**
 * UTC timestamps in the one form the API speaks: `YYYY-MM-DDTHH:MM:SSZ`, as whole epoch seconds.
 * Own calendar arithmetic (not `Date.UTC`), so years 0001–0099 work: clients start from `0001-01-01T00:00:00Z`.
 */

const SECONDS_PER_DAY = 86_400;

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The date of a day count since 1970-01-01 (Hinnant's civil_from_days). */
function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => pad(i, 2));

/** `00`–`59`: two digits of a day, month, hour, minute or second. */
export function twoDigits(value: number): string {
  return TWO_DIGITS[value] ?? pad(value, 2);
}

/**
 * Date texts (`YYYY-MM-DDT`) of recent days, by day modulo their number: records are generated in time
 * order, so consecutive calls mostly share a day, and a record's several timestamps (created, updated,
 * a declared resource's other ones, days apart) each keep theirs instead of evicting each other's.
 */
const DAY_SLOTS = 64;
const cachedDays = new Float64Array(DAY_SLOTS).fill(Number.NaN);
const cachedDates: string[] = new Array<string>(DAY_SLOTS).fill("");

/**
 * Formats whole epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`.
 * @example formatTimestamp(0) // "1970-01-01T00:00:00Z"
 */
export function formatTimestamp(epochSeconds: number): string {
  const days = Math.floor(epochSeconds / SECONDS_PER_DAY);
  const slot = days & (DAY_SLOTS - 1);
  if (cachedDays[slot] !== days) {
    const [year, month, day] = civilFromDays(days);
    cachedDates[slot] = `${pad(year, 4)}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T`;
    cachedDays[slot] = days;
  }
  const cachedDate = cachedDates[slot] as string;
  const secondOfDay = epochSeconds - days * SECONDS_PER_DAY;
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  return `${cachedDate}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[secondOfDay % 60]}Z`;
}

const TIMESTAMP_SHAPE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/**
 * Parses `YYYY-MM-DDTHH:MM:SSZ` into epoch seconds, or `undefined` when the text is not exactly that
 * form or not a real date-time (month 13, February 30, hour 24, second 60, year 0000).
 * @example parseTimestamp("0001-01-01T00:00:00Z") // -62135596800
 */
export function parseTimestamp(text: string): number | undefined {
  const match = TIMESTAMP_SHAPE.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const monthLength = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > monthLength || hour > 23 || minute > 59 || second > 59) return undefined;
  return daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
}
