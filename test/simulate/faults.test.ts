import assert from "node:assert/strict";
import { test } from "node:test";
import { Prng } from "../../src/data/prng.js";
import { FaultInjector } from "../../src/simulate/faults.js";


test("the same seed gives the same decisions; documentation paths and non-matching paths get none", () => {
  const options = { latency: [5, 50] as const, errorRate: 0.3, dropRate: 0.1, slowBodyRate: 0.2, faultPaths: ["/pagination/*"] };
  const a = new FaultInjector(options, new Prng(9));
  const b = new FaultInjector(options, new Prng(9));
  const first = Array.from({ length: 200 }, () => a.decide("/pagination/offset"));
  assert.deepEqual(first, Array.from({ length: 200 }, () => b.decide("/pagination/offset")));
  assert.equal(a.decide("/export/csv"), undefined);
  for (const decision of first) {
    assert.ok(decision!.latencyMs >= 5 && decision!.latencyMs <= 50);
    assert.ok([500, 502, 503].includes(decision!.status));
    if (decision!.slowBodyMs > 0) assert.ok(decision!.kind === "none" && decision!.slowBodyMs >= 1000 && decision!.slowBodyMs <= 2000);
  }
  assert.equal(new FaultInjector({}, new Prng(1)).decide("/pagination/offset"), undefined, "nothing active, nothing decided");
});

test("over 20,000 decisions each rate lands within 3 sigma", () => {
  const injector = new FaultInjector({ errorRate: 0.3, dropRate: 0.1, slowBodyRate: 0.2 }, new Prng(4));
  const n = 20_000;
  const counts = { drop: 0, error: 0, slow: 0, none: 0 };
  const statuses = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const d = injector.decide("/pagination/offset")!;
    if (d.kind === "drop") counts.drop++;
    else if (d.kind === "error") {
      counts.error++;
      statuses.set(d.status, (statuses.get(d.status) ?? 0) + 1);
    } else {
      counts.none++;
      if (d.slowBodyMs > 0) counts.slow++;
    }
  }
  const within = (observed: number, trials: number, p: number): boolean => Math.abs(observed - trials * p) <= 3 * Math.sqrt(trials * p * (1 - p));
  assert.ok(within(counts.drop, n, 0.1), `drops ${counts.drop}`);
  assert.ok(within(counts.error, n, 0.3), `errors ${counts.error}`);
  // Slow bodies apply to the answered share.
  assert.ok(within(counts.slow, counts.none, 0.2), `slow ${counts.slow} of ${counts.none}`);
  for (const status of [500, 502, 503]) assert.ok(within(statuses.get(status) ?? 0, counts.error, 1 / 3), `status ${status}`);
});

test("describe names every active simulation; invalid settings are refused", () => {
  assert.equal(new FaultInjector({ latency: [100, 500], errorRate: 0.3, dropRate: 0.1, slowBodyRate: 0.05, faultPaths: ["/pagination/*", "/auth/**"] }, new Prng(1)).describe(),
    "latency 100-500 ms, error rate 0.3 (500/502/503), drop rate 0.1, slow-body rate 0.05 on /pagination/*,/auth/**");
  assert.equal(new FaultInjector({ latency: 20 }, new Prng(1)).describe(), "latency 20 ms on /**");
  assert.equal(new FaultInjector({}, new Prng(1)).describe(), "none");
  assert.throws(() => new FaultInjector({ errorRate: 1.5 }, new Prng(1)), /errorRate must be a number from 0 to 1/);
  assert.throws(() => new FaultInjector({ dropRate: -0.1 }, new Prng(1)), /dropRate/);
  assert.throws(() => new FaultInjector({ slowBodyRate: Number.NaN }, new Prng(1)), /slowBodyRate/);
  assert.throws(() => new FaultInjector({ errorRate: 0.6, dropRate: 0.5 }, new Prng(1)), /must not exceed 1/);
  assert.throws(() => new FaultInjector({ latency: [50, 10] }, new Prng(1)), /latency/);
  assert.throws(() => new FaultInjector({ latency: -1 }, new Prng(1)), /latency/);
  assert.throws(() => new FaultInjector({ faultPaths: ["pagination"] }, new Prng(1)), /faultPaths/);
  assert.throws(() => new FaultInjector({ faultPaths: [] }, new Prng(1)), /faultPaths/);
});
