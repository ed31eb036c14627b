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

test("the resource file README shows is a right one, and serves what README says it answers", async () => {
  const { readResourceFile } = await import("../src/resources/schema.js");
  const { createServer } = await import("../src/server.js");
  const start = readme.indexOf("## Declare your API's resources");
  const block = /```json\n([\s\S]*?)```/.exec(readme.slice(start))![1]!;
  const file = JSON.parse(block) as unknown;
  const read = readResourceFile(file);
  assert.ok("resources" in read, JSON.stringify(read));
  const playground = createServer({ seed: 1, resources: file, log: false });
  const url = await playground.listen(0);
  try {
    const customers = await (await fetch(new URL("/v1/customers?limit=2&starting_after=2", url))).json() as { data: { id: number }[]; has_more: boolean; next_cursor: string };
    assert.deepEqual(customers.data.map((row) => row.id), [3, 4]);
    assert.equal(customers.has_more, true);
    assert.equal(customers.next_cursor, "4");
    const invoices = await fetch(new URL("/v1/invoices?limit=100", url), { headers: { Authorization: `Bearer ${playground.credentials.bearer}` } });
    const body = await invoices.json() as { results: unknown[]; paging: { total: number; next: { after: string } } };
    assert.deepEqual([body.results.length, body.paging.total, typeof body.paging.next.after], [100, 1_000_000, "string"]);
  } finally {
    await playground.close();
  }
});
