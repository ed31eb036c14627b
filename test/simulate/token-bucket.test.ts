import assert from "node:assert/strict";
import { test } from "node:test";
import { TokenBucket } from "../../src/simulate/token-bucket.js";

test("starts full, drains one token a request, and an empty bucket takes nothing", () => {
  const bucket = new TokenBucket(3, 10, 0);
  assert.deepEqual(bucket.take(0), { allowed: true, remaining: 2, resetSeconds: 1, retryAfterSeconds: 1 });
  assert.deepEqual(bucket.take(0), { allowed: true, remaining: 1, resetSeconds: 1, retryAfterSeconds: 1 });
  assert.deepEqual(bucket.take(0), { allowed: true, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1 });
  assert.deepEqual(bucket.take(0), { allowed: false, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1 });
  assert.equal(bucket.available(0), 0);
});

test("fractional tokens accrue by elapsed time: 10/s means one token per 100 ms", () => {
  const bucket = new TokenBucket(20, 10, 1_000);
  for (let i = 0; i < 20; i++) assert.equal(bucket.take(1_000).allowed, true);
  assert.equal(bucket.take(1_099).allowed, false);
  assert.deepEqual(bucket.take(1_100), { allowed: true, remaining: 0, resetSeconds: 2, retryAfterSeconds: 1 });
  assert.equal(bucket.take(1_150).allowed, false);
  assert.equal(bucket.available(1_199), 0);
  assert.equal(bucket.available(1_200), 1);
  assert.equal(bucket.available(60_000), 20);
});

test("Reset is whole seconds until full and Retry-After whole seconds until one token (at least 1)", () => {
  const slow = new TokenBucket(5, 1, 0);
  for (let i = 0; i < 5; i++) slow.take(0);
  assert.deepEqual(slow.take(0), { allowed: false, remaining: 0, resetSeconds: 5, retryAfterSeconds: 1 });
  assert.deepEqual(slow.take(500), { allowed: false, remaining: 0, resetSeconds: 5, retryAfterSeconds: 1 });
  assert.deepEqual(slow.take(1_000), { allowed: true, remaining: 0, resetSeconds: 5, retryAfterSeconds: 1 });
  const slower = new TokenBucket(2, 0.25, 0);
  slower.take(0);
  slower.take(0);
  assert.deepEqual(slower.take(0), { allowed: false, remaining: 0, resetSeconds: 8, retryAfterSeconds: 4 });
  assert.deepEqual(slower.take(3_999), { allowed: false, remaining: 0, resetSeconds: 5, retryAfterSeconds: 1 });
});

test("capacity 1 alternates with the refill; the bucket never overfills", () => {
  const bucket = new TokenBucket(1, 10, 0);
  assert.equal(bucket.take(0).allowed, true);
  assert.equal(bucket.take(99).allowed, false);
  assert.deepEqual(bucket.take(100), { allowed: true, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1 });
  assert.equal(bucket.available(10_000_000), 1);
  assert.deepEqual(bucket.take(10_000_000), { allowed: true, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1 });
});

test("a clock that goes backwards adds nothing", () => {
  const bucket = new TokenBucket(2, 10, 1_000);
  bucket.take(1_000);
  bucket.take(1_000);
  assert.equal(bucket.take(500).allowed, false);
  assert.equal(bucket.take(599).allowed, false);
  assert.equal(bucket.take(600).allowed, true);
});

test("invalid settings are refused", () => {
  assert.throws(() => new TokenBucket(0, 10, 0), RangeError);
  assert.throws(() => new TokenBucket(1.5, 10, 0), RangeError);
  assert.throws(() => new TokenBucket(1, 0, 0), RangeError);
  assert.throws(() => new TokenBucket(1, Number.POSITIVE_INFINITY, 0), RangeError);
});
