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

/** Sum over `pids` of a /proc/<pid>/status field, in bytes. */
function sumStatus(pids, field) {
  let bytes = 0;
  for (const pid of pids) {
    try {
      const kb = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
      if (kb) bytes += Number(kb[1]) * 1024;
    } catch {
      // the process ended: it holds no memory any more
    }
  }
  return bytes;
}

/** Resets the processes' peak RSS and returns their current RSS (the baseline), or null. */
export function startMemoryWatch(profileDir) {
  const pids = benchPids(profileDir);
  if (!pids?.length) return null;
  for (const pid of pids) {
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // 5: reset the peak RSS (VmHWM)
    } catch {
      return null;
    }
  }
  return { profileDir, baseline: sumStatus(pids, 'VmRSS') };
}

/** Peak RSS since startMemoryWatch, in bytes above the baseline, or null. */
export function peakMemory(watch) {
  if (!watch) return null;
  const pids = benchPids(watch.profileDir);
  return pids?.length ? { peak: sumStatus(pids, 'VmHWM'), baseline: watch.baseline, growth: sumStatus(pids, 'VmHWM') - watch.baseline } : null;
}
