import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { test } from "node:test";
import { StallWatch } from "../../src/http/write.js";

/** Just what the watch reads of a response: queued bytes, its socket, finish and close. */
function fakeResponse(queued: number): { res: ServerResponse; socket: { writableLength: number; destroyed: boolean; destroy(): void }; setQueued(n: number): void } {
  const socket = { writableLength: queued, destroyed: false, destroy() { this.destroyed = true; } };
  // As in node:http, a response's writableLength includes what its socket still holds.
  const res = Object.assign(new EventEmitter(), { writableFinished: false, destroyed: false, socket }) as unknown as ServerResponse;
  Object.defineProperty(res, "writableLength", { get: () => socket.writableLength });
  return { res, socket, setQueued: (n) => { socket.writableLength = n; } };
}

test("a stalled answer's connection is closed after the timeout; progress, or nothing queued, keeps it", () => {
  let now = 0;
  const watch = new StallWatch(1_000, () => now);
  const stalled = fakeResponse(4_000_000);
  const slow = fakeResponse(4_000_000);
  const waiting = fakeResponse(0);
  for (const { res } of [stalled, slow, waiting]) watch.watch(res);
  for (let step = 1; step <= 4; step++) {
    now = step * 300;
    slow.setQueued(4_000_000 - step * 1000);
    watch.check();
  }
  assert.equal(stalled.socket.destroyed, true, "no byte taken for 1,200 ms");
  assert.equal(slow.socket.destroyed, false, "a slow reader makes progress");
  assert.equal(waiting.socket.destroyed, false, "nothing queued is not stalling");
  // Finished answers leave the watch; with none left the timer stops.
  slow.res.emit("finish");
  waiting.res.emit("close");
  watch.check();
  watch.stop();
});
