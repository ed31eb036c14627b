/** Servers in one process share nothing: tokens, cached answers, bodies and logs stay each server's own. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createServer } from "../../src/server.js";
import { FIXED_NOW, getJson, send } from "../helpers.js";

test("two servers with different seeds and clocks, side by side, never affect each other", async () => {
  const logs: Record<string, string[]> = { a: [], b: [] };
  const a = createServer({ seed: 1, now: () => FIXED_NOW, log: (line) => logs.a!.push(line), tokenTtlSeconds: 60 });
  const b = createServer({ seed: 2, now: () => FIXED_NOW + 86_400_000, log: (line) => logs.b!.push(line), tokenTtlSeconds: 60 });
  const [urlA, urlB] = [await a.listen(0), await b.listen(0)];
  try {
    const pageA = (await send(urlA, "/pagination/offset?limit=3")).text;
    const pageB = (await send(urlB, "/pagination/offset?limit=3")).text;
    assert.notEqual(pageA, pageB);
    // Alternating, so each answer comes from the cache the second time: each server keeps its own.
    for (let i = 0; i < 4; i++) {
      assert.equal((await send(urlA, "/pagination/offset?limit=3")).text, pageA);
      assert.equal((await send(urlB, "/pagination/offset?limit=3")).text, pageB);
      assert.equal((await send(urlB, "/pagination/offset?limit=03")).text, pageB);
    }
    // Tokens: A's is A's alone, even after B has looked at (and remembered) it.
    const login = await send(urlA, "/auth/session_token/login", { method: "POST", body: JSON.stringify(a.credentials.session) });
    const token = JSON.parse(login.text).token as string;
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(await getJson(urlB, "/auth/session_token/data", { Authorization: `Token ${token}` }).then((r) => [r.status, r.body]), [401, { error: "Invalid Token" }]);
      assert.equal((await getJson(urlA, "/auth/session_token/data", { Authorization: `Token ${token}` })).status, 200);
    }
    // Logs: each sink sees only its server's requests, dated by its own clock.
    assert.equal(logs.a!.length, 1 + 4 + 1 + 2);
    assert.equal(logs.b!.length, 1 + 8 + 2);
    const dateOf = (line: string): string => /\[(\d{2}\/\w{3}\/\d{4})/.exec(line)![1]!;
    assert.deepEqual(new Set(logs.a!.map(dateOf)).size, 1);
    assert.deepEqual(new Set(logs.b!.map(dateOf)).size, 1);
    assert.notEqual(dateOf(logs.a![0]!), dateOf(logs.b![0]!));
    assert.ok(logs.b!.every((line) => !line.includes("/auth/session_token/login")));
  } finally {
    await a.close();
    await b.close();
  }
});
