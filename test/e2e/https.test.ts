/** createServer({ https }): TLS on the same port, and every absolute URL the playground writes says https. */
import assert from "node:assert/strict";
import { request } from "node:https";
import { after, before, test } from "node:test";
import { createServer, type Playground } from "../../src/server.js";
import { makeLocalCertificate } from "../../src/http/certificate.js";
import { PlaygroundError } from "../../src/errors.js";

let playground: Playground;
let url: URL;
before(async () => {
  playground = createServer({ seed: 42, log: false, https: true, epoch: "2026-01-01T00:00:00Z" });
  url = await playground.listen(0);
});
after(() => playground.close());

function get(path: string, ca: string | undefined): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    request(new URL(path, url), { ca, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk: string) => { text += chunk; }).on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    }).on("error", reject).end();
  });
}

test("the URL is https, and the certificate verifies against the run's authority (and not without it)", async () => {
  assert.match(url.href, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  assert.match(playground.certificateAuthority!, /^-----BEGIN CERTIFICATE-----\n/);
  assert.equal((await get("/__playground/health", playground.certificateAuthority)).status, 200);
  await assert.rejects(get("/__playground/health", undefined), (error: NodeJS.ErrnoException) => error.code === "SELF_SIGNED_CERT_IN_CHAIN");
});

test("next_page_url, Link, export job download URLs, the OpenAPI servers and the config all say https", async () => {
  const ca = playground.certificateAuthority;
  const page = JSON.parse((await get("/pagination/next_page_url?per_page=2", ca)).text) as { next_page_url: string };
  assert.equal(page.next_page_url, `${url.origin}/pagination/next_page_url?page=2&per_page=2&order_by=updatedAt&order_type=asc`);
  const link = (await get("/pagination/link_header?per_page=2", ca)).headers.link as string;
  assert.ok(link.startsWith(`<${url.origin}/pagination/link_header?page=1&per_page=2`), link);
  const openapi = JSON.parse((await get("/openapi.json", ca)).text) as { servers: { url: string }[] };
  assert.equal(openapi.servers[0]!.url, url.origin);
  assert.ok((await get("/docs", ca)).text.includes(url.origin));
  const config = JSON.parse((await get("/__playground/config", ca)).text) as { url: string; https: { certificateAuthority: string } };
  assert.equal(config.url, url.origin);
  assert.deepEqual(config.https, { certificateAuthority: ca });
  assert.deepEqual(playground.config().https, { certificateAuthority: ca });
});

test("a certificate of one's own is served as given; a bad one is refused at once with a clear error", async () => {
  const own = makeLocalCertificate();
  const mine = createServer({ seed: 1, log: false, https: { cert: own.cert, key: own.key } });
  const mineUrl = await mine.listen(0);
  try {
    assert.equal(mine.certificateAuthority, undefined);
    assert.deepEqual(mine.config().https, { certificateAuthority: null });
    const status = await new Promise<number>((resolve, reject) => {
      request(new URL("/__playground/health", mineUrl), { ca: own.ca, agent: false }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on("error", reject).end();
    });
    assert.equal(status, 200);
  } finally {
    await mine.close();
  }
  assert.throws(() => createServer({ https: { cert: "nope", key: own.key } }), (error: unknown) => error instanceof PlaygroundError &&
    error.message === "https must be true, false or { cert, key } with a PEM certificate and a PEM private key");
  const other = makeLocalCertificate();
  assert.throws(() => createServer({ https: { cert: own.cert, key: other.key } }), (error: unknown) => error instanceof PlaygroundError &&
    error.message.startsWith("https: the certificate and key do not go together or do not load ("));
  // Plain HTTP stays the default, with no https field in the config.
  assert.equal(createServer({ seed: 1 }).config().https, undefined);
});
