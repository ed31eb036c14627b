/** The incremental handlers as pure functions: strictly after `since`, id ranges by position, and tombstones. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { incrementalDeleted, incrementalStep, incrementalTimestamp } from "../../src/api/incremental.js";
import { formatTimestamp } from "../../src/codecs/timestamp.js";
import { PlaygroundError, MESSAGES } from "../../src/errors.js";
import { NOW, plain, run, text } from "./plain.js";

test("timestamp: every record updated strictly after since, oldest first", () => {
  const state = run();
  const since = formatTimestamp(state.records.updatedAtOf(26));
  const answer = incrementalTimestamp(plain(`/incremental/timestamp?since=${since}`), state);
  assert.deepEqual(JSON.parse(text(answer)), { data: [27, 28, 29].map((i) => JSON.parse(state.records.json(i))) });
  assert.equal(answer.served?.more, false);
});

test("step: creation positions [start_id, end_id] with the position as id; the ends checked in order", () => {
  const state = run();
  const data = JSON.parse(text(incrementalStep(plain("/incremental/step?start_id=29&end_id=40"), state))).data;
  assert.deepEqual(data.map((record: { id: string }) => record.id), ["29", "30"]);
  assert.deepEqual({ ...data[0], id: undefined }, { ...JSON.parse(state.records.json(28)), id: undefined });
  assert.throws(() => incrementalStep(plain("/incremental/step?start_id=5"), state), new PlaygroundError(400, MESSAGES.stepRequired));
  assert.throws(() => incrementalStep(plain("/incremental/step?start_id=x"), state), new PlaygroundError(400, MESSAGES.stepRequired), "presence before values");
  assert.throws(() => incrementalStep(plain("/incremental/step?start_id=x&end_id=y"), state), new PlaygroundError(400, MESSAGES.startId));
  assert.throws(() => incrementalStep(plain("/incremental/step?start_id=0&end_id=4"), state), new PlaygroundError(400, MESSAGES.startId));
  assert.throws(() => incrementalStep(plain("/incremental/step?start_id=5&end_id=4"), state), new PlaygroundError(400, MESSAGES.endId));
});

test("deleted: tombstones of deletions strictly after since, in the order they happened", () => {
  const state = run();
  state.advanceClock(120);
  const changes = state.churn(5, { update: 0, insert: 0, delete: 1 });
  const answer = JSON.parse(text(incrementalDeleted(plain("/incremental/deleted", { now: NOW + 120_000 }), state)));
  assert.deepEqual(answer, { data: changes.map((change) => ({ id: change.id, deletedAt: change.deletedAt })) });
  const after = JSON.parse(text(incrementalDeleted(plain(`/incremental/deleted?since=${changes[2]!.deletedAt}`), state)));
  assert.deepEqual(after.data.map((tombstone: { id: string }) => tombstone.id), changes.slice(3).map((change) => change.id));
});
