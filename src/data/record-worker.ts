/** Worker thread of a parallel record build (see parallel-records.ts): one part, then a signal. */
import { workerData } from "node:worker_threads";
import { PART_DONE, PART_FAILED, PART_STARTED, runPart, type PartJob } from "./parallel-records.js";

const job = workerData as PartJob;
Atomics.store(job.flag, 0, PART_STARTED);
Atomics.notify(job.flag, 0);
try {
  runPart(job);
  Atomics.store(job.flag, 0, PART_DONE);
} catch {
  Atomics.store(job.flag, 0, PART_FAILED);
}
Atomics.notify(job.flag, 0);
