import { test } from 'vitest';
import { Session } from 'node:inspector/promises';
import { writeFileSync, mkdirSync } from 'node:fs';
import { measureLoad } from './load.perf.ts';
test('perf', async () => {
  const s = new Session(); s.connect();
  if (process.env.PROF) { await s.post('Profiler.enable'); await s.post('Profiler.start'); }
  console.log(JSON.stringify(await measureLoad(Number(process.env.PEOPLE ?? 10000), { stream: process.env.NOSTREAM ? false : true })));
  if (process.env.PROF) { const { profile } = await s.post('Profiler.stop'); mkdirSync('/tmp/prof', { recursive: true }); writeFileSync('/tmp/prof/x.cpuprofile', JSON.stringify(profile)); }
}, 600_000);
