/**
 * Path globs for `--fault-paths` and scripted faults, matched in one left-to-right pass with the set of
 * glob positions reached so far held as bits (a bit-parallel automaton): each path character costs a
 * few word operations per 32 glob tokens, whatever the glob's wildcards. Globs are bounded (length,
 * wildcards) and paths longer than MAX_MATCHED_PATH never match, so a request's matching cost has a
 * small fixed ceiling however hostile the globs and the path.
 */

/** The longest glob accepted. */
export const MAX_GLOB_LENGTH = 100;
/** The most wildcards (`*`, `**`, `?`) one glob may hold. */
export const MAX_GLOB_WILDCARDS = 16;
/** Paths longer than this match no glob (no API path is this long; such requests are 404s or 400s). */
export const MAX_MATCHED_PATH = 256;

/**
 * Why a glob is not accepted, or undefined when it is: it must be a string starting with `/`, at most
 * MAX_GLOB_LENGTH characters with at most MAX_GLOB_WILDCARDS wildcards.
 * @example globProblem("/pagination/*") // undefined
 */
export function globProblem(glob: unknown): string | undefined {
  if (typeof glob !== "string" || !glob.startsWith("/")) return "must be a glob starting with '/'";
  if (glob.length > MAX_GLOB_LENGTH) return `must be at most ${MAX_GLOB_LENGTH} characters, got ${glob.length}`;
  const wildcards = glob.match(/\*+|\?/g)?.length ?? 0;
  if (wildcards > MAX_GLOB_WILDCARDS) return `may hold at most ${MAX_GLOB_WILDCARDS} wildcards (*, **, ?), got ${wildcards}`;
  return undefined;
}

const enum Kind { Char, One, Segment, Any }
const SLASH = 0x2f;

/** `*` after `**` (or before it) adds nothing: runs of stars collapse to one token. */
function tokenize(glob: string): { kind: Kind; code: number }[] {
  const tokens: { kind: Kind; code: number }[] = [];
  for (let i = 0; i < glob.length; i++) {
    const code = glob.charCodeAt(i);
    const last = tokens.at(-1)?.kind;
    if (code === 0x2a) {
      let run = 1;
      while (glob.charCodeAt(i + 1) === 0x2a) { i++; run++; }
      const kind = run > 1 ? Kind.Any : Kind.Segment;
      if (last === Kind.Any) continue;
      if (last === Kind.Segment) {
        if (kind === Kind.Any) (tokens.at(-1) as { kind: Kind }).kind = Kind.Any;
        continue;
      }
      tokens.push({ kind, code: 0 });
    } else {
      tokens.push({ kind: code === 0x3f ? Kind.One : Kind.Char, code });
    }
  }
  return tokens;
}

/**
 * A matcher for one glob: `**` matches anything, `*` anything but `/`, `?` one character but `/`,
 * everything else itself; the whole path must match, with one trailing `/` allowed.
 * @example compileGlob("/pagination/*")("/pagination/offset") // true
 */
export function compileGlob(glob: string): (path: string) => boolean {
  const tokens = tokenize(glob);
  const m = tokens.length;
  const words = (m >> 5) + 1;
  const mask = (): Uint32Array => new Uint32Array(words);
  const set = (bits: Uint32Array, i: number): void => { bits[i >> 5] = ((bits[i >> 5] as number) | (1 << (i & 31))) >>> 0; };
  // Bit i: the first i tokens are matched. Token i moves state i to i + 1 on a character (Char, One)
  // or keeps it on one (Segment, Any), which may also match nothing (the epsilon step).
  const nonSlash = mask();
  const loopNonSlash = mask();
  const loopSlash = mask();
  const epsilon = mask();
  const byChar = new Map<number, Uint32Array>();
  tokens.forEach((token, i) => {
    if (token.kind === Kind.One) set(nonSlash, i);
    if (token.kind === Kind.Segment || token.kind === Kind.Any) { set(loopNonSlash, i); set(epsilon, i); }
    if (token.kind === Kind.Any) set(loopSlash, i);
  });
  tokens.forEach((token, i) => {
    if (token.kind !== Kind.Char) return;
    let bits = byChar.get(token.code);
    if (bits === undefined) byChar.set(token.code, bits = token.code === SLASH ? mask() : Uint32Array.from(nonSlash));
    set(bits, i);
  });
  const slashOnly = byChar.get(SLASH) ?? mask();
  // ASCII characters find their masks by index; others through the map.
  const ascii: Uint32Array[] = Array.from({ length: 128 }, (_, code) => code === SLASH ? slashOnly : byChar.get(code) ?? nonSlash);
  if (words === 1) return compileOneWord(m, ascii.map((bits) => bits[0] as number), byChar, nonSlash[0] as number, loopNonSlash[0] as number,
    loopSlash[0] as number, epsilon[0] as number);
  const finalWord = m >> 5;
  const finalBit = (1 << (m & 31)) >>> 0;
  const close = (bits: Uint32Array): void => {
    let carry = 0;
    for (let w = 0; w < words; w++) {
      if (bits[w] === 0 && carry === 0) continue;
      const e = (bits[w] as number) & (epsilon[w] as number);
      bits[w] = ((bits[w] as number) | (e << 1) | carry) >>> 0;
      carry = e >>> 31;
    }
  };
  let current = mask();
  let next = mask();
  return (path) => {
    const n = path.length;
    if (n > MAX_MATCHED_PATH) return false;
    current.fill(0);
    current[0] = 1;
    close(current);
    for (let p = 0; p < n; p++) {
      const code = path.charCodeAt(p);
      // One trailing slash is allowed: the path without it matched.
      if (p === n - 1 && p > 0 && code === SLASH && ((current[finalWord] as number) & finalBit) !== 0) return true;
      const advance = code < 128 ? ascii[code] as Uint32Array : byChar.get(code) ?? nonSlash;
      const loop = code === SLASH ? loopSlash : loopNonSlash;
      let carry = 0;
      let alive = 0;
      for (let w = 0; w < words; w++) {
        const d = current[w] as number;
        // Most words of a long glob hold no state: nothing to move.
        if (d === 0 && carry === 0) {
          next[w] = 0;
          continue;
        }
        const moved = d & (advance[w] as number);
        const bits = ((moved << 1) | carry | (d & (loop[w] as number))) >>> 0;
        carry = moved >>> 31;
        next[w] = bits;
        alive |= bits;
      }
      if (alive === 0) return false;
      close(next);
      const previous = current;
      current = next;
      next = previous;
    }
    return ((current[finalWord] as number) & finalBit) !== 0;
  };
}

/** compileGlob for globs of up to 31 tokens: the state set is one number. */
function compileOneWord(m: number, ascii: readonly number[], byChar: ReadonlyMap<number, Uint32Array>, nonSlash: number, loopNonSlash: number,
  loopSlash: number, epsilon: number): (path: string) => boolean {
  const final = (1 << m) >>> 0;
  const close = (bits: number): number => (bits | ((bits & epsilon) << 1)) >>> 0;
  const start = close(1);
  return (path) => {
    const n = path.length;
    if (n > MAX_MATCHED_PATH) return false;
    let state = start;
    for (let p = 0; p < n; p++) {
      const code = path.charCodeAt(p);
      if (p === n - 1 && p > 0 && code === SLASH && (state & final) !== 0) return true;
      const advance = code < 128 ? ascii[code] as number : (byChar.get(code)?.[0] ?? nonSlash);
      state = (((state & advance) << 1) | (state & (code === SLASH ? loopSlash : loopNonSlash))) >>> 0;
      if (state === 0) return false;
      state = close(state);
    }
    return (state & final) !== 0;
  };
}
