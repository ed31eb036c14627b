import assert from "node:assert/strict";
import { test } from "node:test";
import { notePreview, PREVIEW_BYTES, type BodyTap } from "../../src/http/write.js";

const tap = (): BodyTap => ({ bytes: 0, preview: undefined });
const text = (size: number): Buffer => Buffer.from(Array.from({ length: size }, (_, k) => 0x41 + (k % 26)));

test("a body up to 16 KiB that owns its memory is its own preview; one carved from a shared slab is a copy of its start, so an entry holds only what the journal counts", () => {
  const owned = text(14_000);
  const kept = tap();
  notePreview(kept, owned);
  assert.equal(kept.preview, owned);
  // A page written into a 1 MiB slab shared with other answers: keeping it would keep the slab.
  const slab = Buffer.alloc(1024 * 1024);
  text(14_000).copy(slab, 8_000);
  const carved = slab.subarray(8_000, 22_000);
  const copied = tap();
  notePreview(copied, carved);
  const preview = copied.preview as Buffer;
  assert.notEqual(preview.buffer, slab.buffer);
  assert.equal(preview.length, PREVIEW_BYTES);
  assert.deepEqual(preview, owned.subarray(0, PREVIEW_BYTES));
  // A carved body shorter than the preview is copied whole; a string is kept as it is.
  const short = tap();
  notePreview(short, slab.subarray(8_000, 8_100));
  assert.deepEqual([(short.preview as Buffer).buffer === slab.buffer, short.preview], [false, owned.subarray(0, 100)]);
  const string = tap();
  notePreview(string, "abc");
  assert.equal(string.preview, "abc");
  // Larger than 16 KiB: a copy of the start, even when the body owns its memory.
  const large = tap();
  const big = text(20_000);
  notePreview(large, big);
  assert.deepEqual([(large.preview as Buffer).buffer === big.buffer, (large.preview as Buffer).length], [false, PREVIEW_BYTES]);
});
