import { parentPort, workerData } from 'node:worker_threads';
import { parseRoutesConfig } from './routes-config.js';

// Worker entry of parseRoutesConfigOffThread: parses one routes file and posts the result.
const { text, file } = workerData as { text: string; file: string };
parentPort?.postMessage(parseRoutesConfig(text, file));
