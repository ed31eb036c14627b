/**
 * Path globs for `--fault-paths`, matched without backtracking: the glob becomes a list of tokens and
 * the path is read once, left to right, carrying the set of tokens reached so far. The cost is
 * path length × glob length whatever the input, where a backtracking regular expression can take
 * exponential time on a glob like `/**\/**\/**\/x` and a long path.
 */

type Token =
  | { readonly kind: "char"; readonly char: string }
  /** `?`: one character other than `/`. */
  | { readonly kind: "one" }
  /** `*`: any run of characters other than `/`, possibly empty. */
  | { readonly kind: "segment" }
  /** `**`: any run of characters, `/` included, possibly empty. */
  | { readonly kind: "any" };

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      // Runs of stars collapse: `***` is `**`.
      while (glob[i + 1] === "*") i++;
      if (tokens.at(-1)?.kind !== "any") tokens.push({ kind: "any" });
    } else if (c === "*") {
      if (tokens.at(-1)?.kind !== "segment" && tokens.at(-1)?.kind !== "any") tokens.push({ kind: "segment" });
    } else if (c === "?") {
      tokens.push({ kind: "one" });
    } else {
      tokens.push({ kind: "char", char: c });
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
  const count = tokens.length;
  // Tokens that may match nothing let the state after them be reached at once.
  const close = (states: Uint8Array): void => {
    for (let i = 0; i < count; i++) {
      const kind = (tokens[i] as Token).kind;
      if (states[i] === 1 && (kind === "segment" || kind === "any")) states[i + 1] = 1;
    }
  };
  const matches = (path: string): boolean => {
    let states = new Uint8Array(count + 1);
    let next = new Uint8Array(count + 1);
    states[0] = 1;
    close(states);
    for (let p = 0; p < path.length; p++) {
      const c = path[p] as string;
      next.fill(0);
      let alive = false;
      for (let i = 0; i < count; i++) {
        if (states[i] !== 1) continue;
        const token = tokens[i] as Token;
        switch (token.kind) {
          case "char": if (token.char === c) { next[i + 1] = 1; alive = true; } break;
          case "one": if (c !== "/") { next[i + 1] = 1; alive = true; } break;
          case "segment": if (c !== "/") { next[i] = 1; alive = true; } break;
          case "any": next[i] = 1; alive = true; break;
        }
      }
      if (!alive) return false;
      [states, next] = [next, states];
      close(states);
    }
    return states[count] === 1;
  };
  return (path) => matches(path) || (path.length > 1 && path.endsWith("/") && matches(path.slice(0, -1)));
}
