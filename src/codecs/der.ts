/**
 * A small DER writer (ITU-T X.690): the few ASN.1 types an X.509 certificate needs, each a function that
 * returns the encoded bytes (tag, length, content). Enough for `--https`'s certificates, nothing more.
 */

/** Tag, definite length (short form below 128, long form above) and content. */
export function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let head: Buffer;
  if (length < 0x80) {
    head = Buffer.from([tag, length]);
  } else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    head = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([head, content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
export const boolean = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
export const octetString = (bytes: Buffer): Buffer => tlv(0x04, bytes);
export const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, "utf8"));

/** A BIT STRING of whole bytes (no unused bits), as signatures and keys are. */
export const bitString = (bytes: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]));

/**
 * A non-negative INTEGER from its big-endian bytes or a small number: minimal, with a leading zero
 * byte when the top bit is set (so it is not read as negative).
 */
export function integer(value: number | Buffer): Buffer {
  let bytes: Buffer;
  if (typeof value === "number") {
    const list: number[] = [];
    for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) list.unshift(rest % 256);
    bytes = Buffer.from(list.length === 0 ? [0] : list);
  } else {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    bytes = value.subarray(start);
  }
  return tlv(0x02, (bytes[0] as number) >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

/** An OBJECT IDENTIFIER from its dotted form (`2.5.29.17`). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split(".").map(Number);
  const bytes = [40 * (arcs[0] as number) + (arcs[1] as number)];
  for (const arc of arcs.slice(2)) {
    const base128: number[] = [];
    for (let rest = arc; ; rest = Math.floor(rest / 128)) {
      base128.unshift((rest % 128) | (base128.length === 0 ? 0 : 0x80));
      if (rest < 128) break;
    }
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime (`YYMMDDHHMMSSZ`) for years 1950-2049, GeneralizedTime after, as RFC 5280 §4.1.2.5 asks. */
export function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), "ascii")) : tlv(0x18, Buffer.from(digits, "ascii"));
}

/** `[n]` EXPLICIT: a constructed context-specific tag around an encoded value. */
export const explicit = (n: number, value: Buffer): Buffer => tlv(0xa0 | n, value);
/** `[n]` IMPLICIT of a primitive value: the context-specific tag replaces the value's own. */
export const implicit = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

/** PEM armour: base64 in 64-column lines between BEGIN and END lines. */
export function pem(label: string, bytes: Buffer): string {
  const base64 = bytes.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += 64) lines.push(base64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
