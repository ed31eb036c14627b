import assert from "node:assert/strict";
import { test } from "node:test";
import { compileGlob, globProblem, MAX_MATCHED_PATH } from "../../src/codecs/glob.js";
import { Prng } from "../../src/data/prng.js";

/** The regular-expression reading of a glob the matcher replaces, kept here as the reference for small inputs. */
function referenceRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(`^${source}/?$`);
}

test("globs: * within a segment, ** across, ? one character, one trailing slash allowed, the rest literal", () => {
  const cases: [string, string, boolean][] = [
    ["/pagination/*", "/pagination/offset", true],
    ["/pagination/*", "/pagination/offset/x", false],
    ["/pagination/*", "/pagination/", true],
    ["/**", "/anything/at/all", true],
    ["/**", "/", true],
    ["/cursors/*/departments", "/cursors/1/departments", true],
    ["/cursors/*/departments", "/cursors/1/2/departments", false],
    ["/cursors/**/departments", "/cursors/1/2/departments", true],
    ["/auth/session_token/?ata", "/auth/session_token/data", true],
    ["/auth/session_token/?ata", "/auth/session_token//ata", false],
    ["/export/csv", "/export/csv/", true],
    ["/export/csv", "/export/csvx", false],
    ["/a.b", "/aXb", false],
    // The rest is literal, regular-expression characters included.
    ["/pagination/*", "/paginationX/offset", false],
    ["/auth/**", "/auth/session_token/login", true],
    ["/incremental/st?p", "/incremental/step", true],
    ["/(x)", "/(x)", true],
  ];
  for (const [glob, path, expected] of cases) assert.equal(compileGlob(glob)(path), expected, `${glob} ~ ${path}`);
});

test("the matcher agrees with the regular-expression reading on 20,000 random short globs and paths", () => {
  const rng = new Prng(7);
  const pick = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[rng.int(0, alphabet.length - 1)]).join("");
  for (let i = 0; i < 20_000; i++) {
    const glob = `/${pick("ab/*?.", rng.int(0, 7))}`;
    const path = `/${pick("ab/.", rng.int(0, 9))}`;
    assert.equal(compileGlob(glob)(path), referenceRegExp(glob).test(path), `${glob} ~ ${path}`);
  }
});

test("a path longer than MAX_MATCHED_PATH matches no glob; up to it, hostile globs give exact answers", () => {
  const match = compileGlob("/**/**/**/x");
  const path = `/${"a/".repeat(120)}y`;
  assert.equal(match(path), false);
  assert.equal(match(`${path}/x`), true);
  assert.equal(`${path}/x`.length, 244);
  assert.equal(compileGlob("/**")(`/${"a".repeat(MAX_MATCHED_PATH - 1)}`), true);
  assert.equal(compileGlob("/**")(`/${"a".repeat(MAX_MATCHED_PATH)}`), false);
  assert.equal(compileGlob("/*a*a*a*a*a*a*b")(`/${"a".repeat(250)}`), false);
  assert.equal(compileGlob("/*a*a*a*a*a*a*b")(`/${"a".repeat(250)}b`), true);
});

test("globs past 32 tokens carry across words exactly (agrees with the regular-expression reading)", () => {
  const rng = new Prng(11);
  const pick = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[rng.int(0, alphabet.length - 1)]).join("");
  for (let i = 0; i < 3_000; i++) {
    const glob = `/${pick("aab/*?", rng.int(28, 90))}`;
    const path = `/${pick("aab/", rng.int(20, 120))}`;
    assert.equal(compileGlob(glob)(path), referenceRegExp(glob).test(path), `${glob} ~ ${path}`);
  }
  const long = `/${"ab".repeat(40)}`;
  assert.equal(compileGlob(long)(long), true);
  assert.equal(compileGlob(`${long}*`)(`${long}xyz`), true);
  assert.equal(compileGlob(`${long}?`)(`${long}`), false);
});

test("globs are bounded: a string starting with '/', at most 100 characters and 16 wildcards", () => {
  assert.equal(globProblem("/pagination/*"), undefined);
  assert.equal(globProblem(`/${"a".repeat(99)}`), undefined);
  assert.equal(globProblem(`/${"a".repeat(100)}`), "must be at most 100 characters, got 101");
  assert.equal(globProblem(`/${"*/".repeat(16)}`), undefined);
  assert.equal(globProblem(`/${"**?".repeat(8)}`), undefined);
  assert.equal(globProblem(`/${"**?".repeat(9)}`), "may hold at most 16 wildcards (*, **, ?), got 18");
  assert.equal(globProblem(`/${"*?".repeat(9)}`), "may hold at most 16 wildcards (*, **, ?), got 18");
  assert.equal(globProblem("pagination"), "must be a glob starting with '/'");
  assert.equal(globProblem(5), "must be a glob starting with '/'");
});
