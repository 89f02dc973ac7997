/**
 * Worker thread of parseInWorker (parse-in-worker.ts): reads the documents it is given with the
 * fast reader and posts back their values, and the indexes of those it declined.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFast } from './fast-yaml.js';
import type { WorkerAnswer } from './parse-in-worker.js';

const texts = workerData as readonly string[];
const answer: WorkerAnswer = { values: [], declined: [] };
texts.forEach((text, i) => {
  const read = readFast(text);
  if (read === undefined) answer.declined.push(i);
  answer.values.push(read?.value);
});
parentPort?.postMessage(answer);
