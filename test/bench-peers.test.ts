/** scripts/bench-peers.ts: which peer mock servers are present, how one is started, and what is said of the rest. */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { PEER_PATH, startPeers } from "../scripts/bench-peers.js";

const BODY = Buffer.from('{"data":[{"id":1}],"page":1}');

/** Every folder a test made, removed at the end. */
const made: string[] = [];
const folder = (prefix: string): string => {
  const path = mkdtempSync(join(tmpdir(), prefix));
  made.push(path);
  return path;
};
after(() => {
  for (const path of made) rmSync(path, { recursive: true, force: true });
});

test("without a peers folder, or with an empty one, no peer is started and each is named with what it lacks", async () => {
  const dir = folder("peers-test-");
  assert.deepEqual(await startPeers(dir, undefined, BODY), { peers: [], skipped: ["no peers folder (--peers DIR or PLAYGROUND_PEERS)"] });
  const empty = folder("peers-empty-");
  const { peers, skipped } = await startPeers(dir, empty, BODY);
  assert.deepEqual(peers, []);
  assert.deepEqual(skipped, [
    `mockttp: not installed in ${empty}: mockttp`,
    `dyson: not installed in ${empty}: dyson`,
    `msw: not installed in ${empty}: msw, @mswjs/http-middleware`,
    `WireMock: not installed in ${empty}: wiremock (its standalone jar)`,
    `Prism: not installed in ${empty}: @stoplight/prism-cli`,
  ]);
});

test("a peer installed in the folder is started with its API and loaded at /page50; one that answers other bytes is said to", async () => {
  const dir = folder("peers-test-");
  const installed = folder("peers-folder-");
  // A stand-in for mockttp with the calls the launcher makes; it answers the body and a newline more.
  const fake = join(installed, "node_modules", "mockttp");
  mkdirSync(fake, { recursive: true });
  writeFileSync(join(fake, "package.json"), JSON.stringify({ name: "mockttp", main: "index.js" }));
  writeFileSync(join(fake, "index.js"), `const http = require("node:http");
exports.getLocal = () => {
  const routes = new Map();
  const server = http.createServer((req, res) => {
    const route = routes.get(req.url);
    if (route === undefined) { res.writeHead(404); res.end(); return; }
    res.writeHead(route.status, route.headers);
    res.end(route.body + "\\n");
  });
  return {
    start: (port) => new Promise((resolve) => server.listen(port, "127.0.0.1", resolve)),
    forGet: (path) => ({ thenReply: async (status, body, headers) => { routes.set(path, { status, body, headers }); } }),
  };
};
`);
  const { peers, skipped } = await startPeers(dir, installed, BODY);
  try {
    assert.deepEqual(peers.map((peer) => [peer.name, peer.url.pathname]), [["mockttp", PEER_PATH]]);
    const answer = await fetch(peers[0]!.url);
    assert.deepEqual([answer.status, answer.headers.get("content-type"), await answer.text()], [200, "application/json", `${BODY.toString()}\n`]);
    assert.equal(skipped[0], `mockttp: answered with other bytes than the page (${BODY.length + 1} vs ${BODY.length}); measured all the same`);
    assert.deepEqual(skipped.slice(1).map((line) => line.split(":")[0]), ["dyson", "msw", "WireMock", "Prism"]);
  } finally {
    for (const peer of peers) peer.process.kill("SIGTERM");
  }
});
