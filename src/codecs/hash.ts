/** A fast non-cryptographic hash of text, shared by the response cache and the body cursor. */

/**
 * A 53-bit hash of a key (two 32-bit FNV-1a passes with different offsets).
 * @example keyHash("a") === keyHash("a") // true
 */
export function keyHash(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
