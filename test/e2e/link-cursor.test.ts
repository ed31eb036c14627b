/** The Link-header and body-cursor pagination styles: exact answers, full walks in every order, and their errors. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeCursor, encodeCursor } from "../../src/codecs/cursor.js";
import { send, start } from "../helpers.js";

/** RFC 8288 `Link` header values as rel → URL. */
function parseLinks(header: string | string[] | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of String(header).split(", ")) {
    const match = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    assert.ok(match !== null, `link ${part}`);
    links[match[2] as string] = match[1] as string;
  }
  return links;
}

test("the cursor codec: round trip, bound to the seed, any change refused", () => {
  const cursor = encodeCursor(7, 1_767_225_600);
  assert.match(cursor, /^[A-Za-z0-9_-]+$/);
  assert.equal(decodeCursor(7, cursor), 1_767_225_600);
  assert.equal(decodeCursor(8, cursor), undefined);
  // Another position with this cursor's tag, and this cursor with one character of its tag changed.
  const otherPosition = Buffer.from(Buffer.from(cursor, "base64url").toString().replace("1767225600", "1767225601")).toString("base64url");
  assert.equal(decodeCursor(7, otherPosition), undefined);
  const flipped = `${cursor.slice(0, -1)}${cursor.endsWith("A") ? "B" : "A"}`;
  assert.equal(decodeCursor(7, flipped), undefined);
  for (const bad of ["", "!!", "a".repeat(65), Buffer.from("v1:5:zzzzzzzz").toString("base64url"), `${cursor}=`]) assert.equal(decodeCursor(7, bad), undefined, bad);
});

test("link_header: a bare array, and first/prev/next/last as absolute URLs carrying every parameter", async () => {
  const server = await start({ records: 95 });
  try {
    const reply = await send(server.url, "/pagination/link_header?page=2&per_page=30&order_type=desc");
    assert.equal(reply.status, 200);
    const body = JSON.parse(reply.text);
    assert.ok(Array.isArray(body));
    assert.equal(body.length, 30);
    const base = `${server.url.origin}/pagination/link_header`;
    assert.equal(reply.headers.link, [
      `<${base}?page=1&per_page=30&order_by=updatedAt&order_type=desc>; rel="first"`,
      `<${base}?page=1&per_page=30&order_by=updatedAt&order_type=desc>; rel="prev"`,
      `<${base}?page=3&per_page=30&order_by=updatedAt&order_type=desc>; rel="next"`,
      `<${base}?page=4&per_page=30&order_by=updatedAt&order_type=desc>; rel="last"`,
    ].join(", "));
    const first = await send(server.url, "/pagination/link_header");
    assert.deepEqual(Object.keys(parseLinks(first.headers.link)), ["first", "next", "last"]);
    assert.equal(JSON.parse(first.text).length, 30, "per_page defaults to 30");
    const last = await send(server.url, "/pagination/link_header?page=4");
    assert.deepEqual([Object.keys(parseLinks(last.headers.link)), JSON.parse(last.text).length], [["first", "prev", "last"], 5]);
    const past = await send(server.url, "/pagination/link_header?page=9");
    assert.deepEqual([JSON.parse(past.text), parseLinks(past.headers.link).prev], [[], `${base}?page=4&per_page=30&order_by=updatedAt&order_type=asc`]);
    const errors = [
      ["/pagination/link_header?per_page=101", "Invalid value for 'per_page'. It should be between 1 and 100."],
      ["/pagination/link_header?page=0", "Invalid value for 'page'. It must be greater than or equal to 1."],
      ["/pagination/link_header?order_by=name", "Invalid value for 'order_by'. Use 'createdAt' or 'updatedAt'"],
      ["/pagination/link_header?cursor=x", "Unexpected query parameters: cursor"],
    ];
    for (const [target, message] of errors) {
      const error = await send(server.url, target as string);
      assert.deepEqual([error.status, JSON.parse(error.text), error.headers.link], [400, { error: message }, undefined], target);
    }
  } finally {
    await server.playground.close();
  }
});

test("link_header: following rel=next walks every record exactly once, in all four orders, with and without a filter", async () => {
  const server = await start({ records: 203 });
  try {
    const all = JSON.parse((await send(server.url, "/pagination/offset?limit=1")).text).total as number;
    const middle = JSON.parse((await send(server.url, "/incremental/step?start_id=100&end_id=100")).text).data[0].updatedAt as string;
    for (const orderBy of ["updatedAt", "createdAt"]) {
      for (const orderType of ["asc", "desc"]) {
        for (const filter of ["", `&updated_since=${middle}`]) {
          let next: string | undefined = `${server.url.origin}/pagination/link_header?per_page=17&order_by=${orderBy}&order_type=${orderType}${filter}`;
          const seen: { id: string; key: string }[] = [];
          let pages = 0;
          while (next !== undefined) {
            const url = new URL(next);
            const reply = await send(server.url, url.pathname + url.search);
            seen.push(...JSON.parse(reply.text).map((r: any) => ({ id: r.id, key: r[orderBy] })));
            next = parseLinks(reply.headers.link).next;
            pages++;
          }
          const where = `${orderBy} ${orderType}${filter}`;
          assert.equal(new Set(seen.map((r) => r.id)).size, seen.length, `${where}: no record twice`);
          const keys = seen.map((r) => r.key);
          const sorted = [...keys].sort();
          assert.deepEqual(keys, orderType === "asc" ? sorted : sorted.reverse(), `${where}: in order`);
          if (filter === "") assert.equal(seen.length, all, where);
          else assert.ok(seen.length > 0 && seen.length < all && seen.every((r) => orderBy !== "updatedAt" || r.key >= middle), where);
          assert.equal(pages, Math.max(1, Math.ceil(seen.length / 17)), where);
        }
      }
    }
  } finally {
    await server.playground.close();
  }
});

test("cursor: has_more and next_cursor walk every record once (with and without updated_since); bad cursors are 400s", async () => {
  const server = await start({ seed: 11, records: 120 });
  const other = await start({ seed: 12, records: 120 });
  try {
    const first = JSON.parse((await send(server.url, "/pagination/cursor")).text);
    assert.deepEqual([first.data.length, first.has_more, typeof first.next_cursor], [25, true, "string"]);
    const middle = JSON.parse((await send(server.url, "/incremental/step?start_id=61&end_id=61")).text).data[0].updatedAt as string;
    for (const start of ["/pagination/cursor?limit=7", `/pagination/cursor?limit=7&updated_since=${middle}`]) {
      const seen: { id: string; updatedAt: string }[] = [];
      let page = JSON.parse((await send(server.url, start)).text);
      seen.push(...page.data);
      while (page.has_more) {
        assert.equal(typeof page.next_cursor, "string");
        page = JSON.parse((await send(server.url, `/pagination/cursor?limit=7&cursor=${page.next_cursor}`)).text);
        seen.push(...page.data);
      }
      assert.equal(page.next_cursor, null);
      assert.equal(new Set(seen.map((r) => r.id)).size, seen.length, `${start}: no record twice`);
      const times = seen.map((r) => r.updatedAt);
      assert.deepEqual(times, [...times].sort(), `${start}: updatedAt ascending`);
      if (start.includes("updated_since")) assert.ok(seen.length < 120 && times.every((t) => t >= middle));
      else assert.equal(seen.length, 120);
    }
    const theirs = JSON.parse((await send(other.url, "/pagination/cursor")).text).next_cursor as string;
    const tampered = `${first.next_cursor.slice(0, -2)}${first.next_cursor.endsWith("A") ? "B" : "A"}A`;
    const errors = [
      [`/pagination/cursor?cursor=${theirs}`, "Invalid value for 'cursor'. Pass back next_cursor from the previous answer unchanged (a cursor belongs to the seed that made it)"],
      [`/pagination/cursor?cursor=${tampered}`, "Invalid value for 'cursor'. Pass back next_cursor from the previous answer unchanged (a cursor belongs to the seed that made it)"],
      [`/pagination/cursor?cursor=${first.next_cursor}&updated_since=2024-01-01T00:00:00Z`, "You can only use 'updated_since' in the first request; later requests pass only 'cursor'"],
      ["/pagination/cursor?limit=0", "Invalid value for 'limit'. It should be between 1 and 100."],
      ["/pagination/cursor?updated_since=yesterday", "Invalid date format for 'updated_since'. Must end with 'Z' for UTC"],
    ];
    for (const [target, message] of errors) {
      const error = await send(server.url, target as string);
      assert.deepEqual([error.status, JSON.parse(error.text)], [400, { error: message }], target);
    }
    // The journal and the summary see these walks like any other.
    const summary = server.playground.summary().find((s) => s.endpoint === "/pagination/cursor");
    assert.equal(summary?.stoppedBeforeLastPage, false);
  } finally {
    await server.playground.close();
    await other.playground.close();
  }
});
