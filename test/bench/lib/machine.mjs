// What the numbers were measured on: date, CPU, memory, load, Node, browser and package versions.
// Reads only; the report prints it verbatim so runs on different machines are never confused.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PACKAGES = ['vite', 'playwright', '@sqlite.org/sqlite-wasm', 'dexie', 'graphql', 'comlink', 'msgpackr'];

function version(repoRoot, name) {
  try {
    return JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return 'not installed';
  }
}

export function describeMachine(repoRoot) {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((p) => [p, version(repoRoot, p)])),
  };
}
