import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { test } from "node:test";
import { getJson, send, start, type Started } from "../helpers.js";

interface Attempt { readonly status: number | "drop"; readonly text: string; readonly headers: Record<string, string | string[] | undefined> }

/** One request on a fresh connection; a dropped connection is an outcome, not an exception. */
function attempt(url: URL, path: string): Promise<Attempt> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => { text += chunk; });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      res.on("error", () => resolve({ status: "drop", text: "", headers: {} }));
    });
    req.on("error", () => resolve({ status: "drop", text: "", headers: {} }));
    req.end();
  });
}

/** A small retrying client, like a connector's: retries drops and 5xx, gives up after 50 tries. */
async function getWithRetry(url: URL, path: string): Promise<any> {
  for (let tries = 1; tries <= 50; tries++) {
    const reply = await attempt(url, path);
    if (reply.status === 200) return JSON.parse(reply.text);
    assert.ok(reply.status === "drop" || reply.status >= 500, `unexpected ${reply.status} for ${path}: ${reply.text}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`gave up on ${path}`);
}

const FAULTY = { errorRate: 0.3, dropRate: 0.1 };

test("a retrying client walks every pagination style under --error-rate 0.3 --drop-rate 0.1 and gets every record exactly once", async () => {
  const clean = await start({ seed: 21 });
  const faulty = await start({ seed: 21, faults: FAULTY });
  try {
    const all = (await getJson(clean.url, "/incremental/timestamp")).body.data.map((r: any) => r.id).sort();
    const check = (ids: string[], style: string): void => {
      assert.equal(ids.length, 200, style);
      assert.deepEqual([...ids].sort(), all, style);
    };
    const viaNextUrl: string[] = [];
    let next: string | null = "/pagination/next_page_url?per_page=20";
    while (next !== null) {
      const body: any = await getWithRetry(faulty.url, next);
      viaNextUrl.push(...body.data.map((r: any) => r.id));
      next = body.next_page_url === null ? null : new URL(body.next_page_url).pathname + new URL(body.next_page_url).search;
    }
    check(viaNextUrl, "next_page_url");
    const viaPages: string[] = [];
    for (let page = 1; ; page++) {
      const body = await getWithRetry(faulty.url, `/pagination/page_number?per_page=25&page=${page}&order_by=createdAt&order_type=desc`);
      viaPages.push(...body.data.map((r: any) => r.id));
      if (page >= body.total_pages) break;
    }
    check(viaPages, "page_number");
    const viaOffset: string[] = [];
    for (let offset = 0; offset < 200; offset += 30) viaOffset.push(...(await getWithRetry(faulty.url, `/pagination/offset?limit=30&offset=${offset}`)).data.map((r: any) => r.id));
    check(viaOffset, "offset");
    const viaKeyset: string[] = [];
    let scroll: string | null = "";
    while (scroll !== null) {
      const body: any = await getWithRetry(faulty.url, scroll === "" ? "/pagination/keyset" : `/pagination/keyset?scroll_param=${encodeURIComponent(scroll)}`);
      viaKeyset.push(...body.data.map((r: any) => r.id));
      scroll = body.scroll_param;
    }
    check(viaKeyset, "keyset");
  } finally {
    await clean.playground.close();
    await faulty.playground.close();
  }
});

test("over 2,000 requests the error and drop rates land within 3 sigma; 503s carry Retry-After; errors are JSON", async () => {
  const server = await start({ seed: 22, faults: FAULTY });
  try {
    const outcomes: Attempt[] = [];
    for (let batch = 0; batch < 2_000 / 20; batch++) {
      outcomes.push(...await Promise.all(Array.from({ length: 20 }, () => attempt(server.url, "/pagination/offset?limit=1"))));
    }
    const n = outcomes.length;
    const drops = outcomes.filter((o) => o.status === "drop").length;
    const errors = outcomes.filter((o) => o.status !== "drop" && o.status >= 500);
    const within = (observed: number, p: number): boolean => Math.abs(observed - n * p) <= 3 * Math.sqrt(n * p * (1 - p));
    assert.ok(within(drops, 0.1), `${drops} drops in ${n}`);
    assert.ok(within(errors.length, 0.3), `${errors.length} errors in ${n}`);
    assert.equal(outcomes.filter((o) => o.status === 200).length, n - drops - errors.length);
    const messages: Record<number, string> = { 500: "Simulated internal server error", 502: "Simulated bad gateway", 503: "Simulated service unavailable" };
    for (const error of errors) {
      const status = error.status as number;
      assert.deepEqual(JSON.parse(error.text), { error: messages[status] });
      assert.equal(error.headers["retry-after"], status === 503 ? "1" : undefined);
    }
    assert.deepEqual(new Set(errors.map((e) => e.status)), new Set([500, 502, 503]));
  } finally {
    await server.playground.close();
  }
});

test("with a fixed seed the sequence of injected faults is identical across runs", async () => {
  const sequences: string[][] = [];
  for (let run = 0; run < 2; run++) {
    const server = await start({ seed: 23, faults: { ...FAULTY, latency: [0, 3] } });
    const sequence: string[] = [];
    for (let i = 0; i < 150; i++) sequence.push(String((await attempt(server.url, `/pagination/offset?offset=${i % 7}`)).status));
    sequences.push(sequence);
    await server.playground.close();
  }
  assert.deepEqual(sequences[0], sequences[1]);
  assert.ok(sequences[0]!.includes("drop") && sequences[0]!.includes("200") && sequences[0]!.some((s) => s.startsWith("5")));
});

test("--fault-paths limits faults to matching paths; the documentation paths are never faulted", async () => {
  const server = await start({ seed: 24, faults: { errorRate: 1, faultPaths: ["/pagination/*"] } });
  try {
    for (let i = 0; i < 5; i++) assert.ok(((await attempt(server.url, "/pagination/offset")).status as number) >= 500);
    assert.equal((await attempt(server.url, "/incremental/step?start_id=1&end_id=2")).status, 200);
    assert.equal((await attempt(server.url, "/pagination/offset/extra")).status, 404);
    const everywhere = await start({ seed: 24, faults: { errorRate: 1 } });
    for (const path of ["/", "/docs", "/openapi.json"]) assert.ok(((await attempt(everywhere.url, path)).status as number) < 500, path);
    assert.ok(((await attempt(everywhere.url, "/cursors/companies")).status as number) >= 500);
    await everywhere.playground.close();
  } finally {
    await server.playground.close();
  }
});

test("latency delays the answer; a slow body arrives in pieces over a second or more", async () => {
  const server = await start({ seed: 25, faults: { latency: 150 } });
  const slow = await start({ seed: 25, faults: { slowBodyRate: 1 } });
  try {
    let began = performance.now();
    assert.equal((await attempt(server.url, "/pagination/offset")).status, 200);
    assert.ok(performance.now() - began >= 140, "latency applied");
    began = performance.now();
    const chunks = await new Promise<number>((resolve) => {
      httpRequest({ host: slow.url.hostname, port: slow.url.port, path: "/pagination/page_number?per_page=50", agent: false }, (res) => {
        let count = 0;
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => { count++; text += chunk; });
        res.on("end", () => {
          assert.equal(JSON.parse(text).data.length, 50);
          resolve(count);
        });
      }).end();
    });
    assert.ok(performance.now() - began >= 900, "the body took about a second or more");
    assert.ok(chunks >= 5, `${chunks} pieces`);
    assert.deepEqual(slow.playground.simulations, "slow-body rate 1 on /**");
  } finally {
    await server.playground.close();
    await slow.playground.close();
  }
});

async function walkSince(server: Started, since: string): Promise<{ timestamp: string[]; pages: string[] }> {
  const timestamp = (await getJson(server.url, `/incremental/timestamp?since=${since}`)).body.data.map((r: any) => r.id);
  const pages = (await getJson(server.url, `/pagination/page_number?per_page=50&order_by=createdAt&order_type=desc&updated_since=${since}`)).body.data.map((r: any) => r.id);
  return { timestamp, pages };
}

test("churn: after a tick, an incremental walk from the last seen updatedAt returns exactly the changed records", async () => {
  const server = await start({ seed: 26, records: 500 });
  try {
    const before = (await getJson(server.url, "/incremental/timestamp")).body.data;
    const last = before.at(-1).updatedAt;
    // Asked twice, the empty answer is cached; the churn must not leave it behind.
    assert.deepEqual(await walkSince(server, last).then((w) => w.timestamp), []);
    assert.deepEqual(await walkSince(server, last).then((w) => w.timestamp), []);
    assert.deepEqual(await walkSince(server, last).then((w) => w.timestamp), []);
    server.advance(60_000);
    const changed = server.playground.churn();
    assert.ok(changed.length >= 1 && changed.length <= 3);
    const walk = await walkSince(server, last);
    assert.deepEqual(walk.timestamp, changed.map((c) => c.id));
    // updated_since is inclusive: the record last seen comes again, with exactly the changed ones.
    assert.deepEqual([...walk.pages].sort(), [...changed.map((c) => c.id), before.at(-1).id].sort());
    const after = (await getJson(server.url, "/incremental/timestamp")).body.data;
    assert.equal(after.length, 500);
    assert.equal(new Set(after.map((r: any) => r.updatedAt)).size, 500, "updatedAt values stay distinct");
    for (const change of changed) {
      const record = after.find((r: any) => r.id === change.id);
      assert.equal(record.updatedAt, change.updatedAt);
      assert.ok(record.updatedAt > last && record.updatedAt <= new Date(Date.UTC(2026, 10, 28, 12, 1, 0)).toISOString().replace(".000Z", "Z"));
    }
    const csv = (await send(server.url, "/export/csv")).text;
    for (const change of changed) assert.ok(csv.includes(`,${change.updatedAt}\r\n`) && csv.includes(change.id));
    // Without a free second since the last change, a tick changes nothing.
    assert.deepEqual(server.playground.churn(), []);
  } finally {
    await server.playground.close();
  }
});

test("churn runs on its timer every N seconds", async () => {
  const server = await start({ seed: 27, churnSeconds: 1 });
  try {
    assert.equal(server.playground.simulations, "churn every 1 s");
    const last = (await getJson(server.url, "/incremental/timestamp")).body.data.at(-1).updatedAt;
    server.advance(3_600_000);
    // The first tick comes after about a second; poll (a loaded machine may run the timer late).
    let changed = 0;
    for (let waited = 0; waited < 5_000 && changed === 0; waited += 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      changed = (await getJson(server.url, `/incremental/timestamp?since=${last}`)).body.data.length;
    }
    assert.ok(changed >= 1 && changed <= 3, `${changed} changed`);
  } finally {
    await server.playground.close();
  }
});

test("each injected fault is logged as such", async () => {
  const lines: string[] = [];
  const server = await start({ seed: 28, faults: { dropRate: 0.5, errorRate: 0.5 }, log: (line) => lines.push(line) });
  try {
    for (let i = 0; i < 20; i++) await attempt(server.url, "/pagination/keyset");
    assert.equal(lines.length, 20);
    for (const line of lines) {
      assert.match(line, /"GET \/pagination\/keyset HTTP\/1\.1" (- - \[simulated connection drop\]|50[023] - \[simulated 50[023] error\])$/);
    }
    assert.ok(lines.some((line) => line.includes("connection drop")) && lines.some((line) => line.includes(" error]")));
  } finally {
    await server.playground.close();
  }
});

test("only API endpoints draw faults: unknown paths, wrong methods, the docs, the document and the icon never shift the seeded sequence", async () => {
  const sequenceOf = async (interleave: boolean): Promise<string[]> => {
    const server = await start({ seed: 25, faults: { errorRate: 0.5 } });
    try {
      const sequence: string[] = [];
      for (let i = 0; i < 40; i++) {
        if (interleave) {
          // What a browser with the docs page open, and a client with a typo, send in between.
          for (const [path, status] of [["/favicon.ico", 200], ["/docs", 200], ["/openapi.json", 200], ["/nope", 404], ["/docs?x=1", 200]] as const) {
            assert.equal((await attempt(server.url, path)).status, status, path);
          }
          assert.equal((await send(server.url, "/pagination/offset", { method: "POST" })).status, 405);
        }
        sequence.push(String((await attempt(server.url, "/pagination/offset?limit=1")).status));
      }
      return sequence;
    } finally {
      await server.playground.close();
    }
  };
  const plain = await sequenceOf(false);
  assert.deepEqual(await sequenceOf(true), plain);
  assert.ok(plain.includes("200") && plain.some((status) => status.startsWith("5")), plain.join(" "));
});
