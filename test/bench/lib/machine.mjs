// What the numbers were measured on: date, CPU, memory, load, Node, browser and package versions.
// Reads only; the report prints it verbatim so runs on different machines are never confused.
import { execFileSync } from 'node:child_process';
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

/** The commit measured, and how many files under src/ differ from it (other engineers' work in progress). */
function sourceVersion(repoRoot) {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    const changed = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return { commit: git('log', '-1', '--format=%h %s').slice(0, 100), uncommittedSrcFiles: changed };
  } catch {
    return null;
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
    source: sourceVersion(repoRoot),
  };
}
