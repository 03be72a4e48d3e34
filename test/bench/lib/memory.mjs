// Peak memory of the browser processes a system runs in, from Linux /proc: the page's renderer
// (page + its workers, JS heaps and WASM memory) and the storage service (IndexedDB, OPFS).
// In-page measureUserAgentSpecificMemory hangs while SQLite's OPFS proxy worker blocks in
// Atomics.wait, so it is not used. Linux only: elsewhere every figure is null, never guessed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Pids of the profile's renderers (not Chromium's own WebUI) and its storage service. */
function benchPids(profileDir) {
  const pids = [];
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let args;
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/); // zygote children rewrite argv as one string
    } catch {
      continue;
    }
    if (!args.includes(`--user-data-dir=${profileDir}`)) continue;
    const renderer = args.includes('--type=renderer') && !args.includes('--top-chrome-webui');
    const storage = args.includes('--utility-sub-type=storage.mojom.StorageService');
    if (renderer || storage) pids.push(pid);
  }
  return pids;
}

/** A /proc/<pid>/status field in bytes, or null when the process is gone. */
function status(pid, field) {
  try {
    const kb = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resets the processes' peak RSS and notes their current RSS (the baseline), or null. */
export function startMemoryWatch(profileDir) {
  const pids = benchPids(profileDir);
  if (!pids?.length) return null;
  const baseline = new Map();
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // 5: reset the peak RSS (VmHWM) to the current RSS
    } catch {
      return null;
    }
    baseline.set(pid, status(pid, 'VmRSS') ?? 0);
  }
  return { profileDir, baseline };
}

/**
 * Peak RSS since startMemoryWatch, summed over the processes alive now, and its growth over
 * their baseline (a process started since counts in full), or null.
 */
export function peakMemory(watch) {
  if (!watch) return null;
  const pids = benchPids(watch.profileDir);
  if (!pids?.length) return null;
  let peak = 0;
  let growth = 0;
  for (const pid of pids) {
    const hwm = status(pid, 'VmHWM');
    if (hwm === null) continue;
    peak += hwm;
    growth += hwm - (watch.baseline.get(pid) ?? 0);
  }
  return { peak, growth };
}
