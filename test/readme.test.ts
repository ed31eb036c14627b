/** README stays navigable: every in-page link names a heading that exists, and the contents list every section. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");

/** Headings outside code blocks. */
function headings(): string[] {
  let fenced = false;
  const found: string[] = [];
  for (const line of readme.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(line)) found.push(line);
  }
  return found;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading.replace(/^#+ /, "").toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
}

test("every #link in README names a heading", () => {
  const anchors = new Set(headings().map(anchor));
  const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]!);
  assert.ok(links.length > 20);
  assert.deepEqual(links.filter((link) => !anchors.has(link)), []);
});

test("the contents line lists every top-level section, in order", () => {
  const sections = headings().filter((line) => line.startsWith("## ")).map(anchor);
  const contents = readme.slice(readme.indexOf("Contents:"), readme.indexOf("\n\n", readme.indexOf("Contents:")));
  assert.deepEqual([...contents.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]), sections);
});
