/**
 * Worker thread of parseInWorker (parse-in-worker.ts): waits for the texts of documents, reads
 * them with the fast reader, posts back their values and the indexes of those it declined, and
 * ends.
 */
import { parentPort } from 'node:worker_threads';
import { readFast } from './fast-yaml.js';
import type { WorkerAnswer } from './parse-in-worker.js';

const port = parentPort;
port?.once('message', (texts: readonly string[]) => {
  const answer: WorkerAnswer = { values: [], declined: [] };
  texts.forEach((text, i) => {
    const read = readFast(text);
    if (read === undefined) answer.declined.push(i);
    answer.values.push(read?.value);
  });
  port.postMessage(answer);
  port.close();
});
