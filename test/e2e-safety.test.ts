/** Issue 22: one client must not stall, crash or steer everyone else. Each test reproduces an attack. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { probeStall } from "../scripts/stall-probe.js";
import { start } from "./helpers.js";

test("a full-speed uncompressed download leaves the event loop to other clients (pings answered mid-stream), and arrives whole", async () => {
  const big = await start({ records: 200_000 });
  try {
    for (const path of ["/export/csv", "/incremental/timestamp", "/incremental/step?start_id=1&end_id=200000"]) {
      const reading = await probeStall(big.url, path);
      assert.equal(reading.status, 200, path);
      assert.ok(reading.bytes > 30_000_000, `${path}: ${reading.bytes} bytes`);
      // Before the fix, no ping was answered until the whole body had been written.
      assert.ok(reading.answeredDuring >= 3, `${path}: ${JSON.stringify(reading)}`);
    }
  } finally {
    await big.playground.close();
  }
});
