/**
 * A web page on another site (here another port, which a browser counts as same-site: still not this
 * server's origin) tries to drive the control plane with the requests a page may send without a
 * preflight: no-cors POSTs with text/plain, form and empty bodies. None of them may change anything
 * (reset is left out: it would hide the others' effects).
 */
import assert from "node:assert/strict";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { createServer, type Playground } from "../../src/server.js";
import { send } from "../helpers.js";
import { Browser, chromiumMissing } from "./cdp.js";

const skip = chromiumMissing;
let browser: Browser;
let playground: Playground;
let base: URL;
let attacker: Server;
let attackerUrl: string;

const ATTACK = (target: string): string => `<!doctype html><title>attack</title><script>
const base = ${JSON.stringify(target)} + "__playground";
const post = (path, init) => fetch(base + path, { method: "POST", mode: "no-cors", ...init }).catch(() => undefined);
Promise.all([
  post("/clock", { headers: { "Content-Type": "text/plain" }, body: '{"advance": 86400}' }),
  post("/clock", { body: new URLSearchParams({ '{"advance": 86400, "x": "': '"}' }) }),
  post("/faults/script", { body: '[{"status": 503, "times": 5}]' }),
  post("/schema-drift", {}),
  post("/churn", { body: '{"ticks": 5}' }),
  post("/tokens/revoke", {}),
]).then(() => { document.title = "done"; });
</script>`;

before(async () => {
  if (skip !== false) return;
  browser = Browser.launch();
  playground = createServer({ seed: 3, records: 30 });
  base = await playground.listen(0);
  attacker = createHttpServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html" }).end(ATTACK(base.href));
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
});
after(async () => {
  if (skip !== false) return;
  await browser.close();
  await playground.close();
  attacker.close();
});

test("a page from another origin cannot move the clock, script faults, drift, churn or revoke", { skip }, async () => {
  const csv = (await send(base, "/export/csv")).text;
  const login = await send(base, "/auth/session_token/login", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(playground.credentials.session),
  });
  const token = (JSON.parse(login.text) as { token: string }).token;
  const page = await browser.newPage(800, 600, "light");
  await page.goto(attackerUrl);
  await page.waitUntil(`document.title === "done"`);
  assert.equal(playground.clock.read().offsetSeconds, 0);
  assert.equal((await send(base, "/__playground/faults/script")).text, "[]");
  assert.equal(playground.config().schemaDrift.drifted, false);
  assert.equal((await send(base, "/export/csv")).text, csv, "no record changed");
  assert.equal((await send(base, "/auth/session_token/data", { headers: { Authorization: `Token ${token}` } })).status, 200, "the token still works");
});
