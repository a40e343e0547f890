/**
 * How busy the machine is apart from the bench. Timings on a shared 2-core machine mean little while
 * something else runs, so results.json records it. /proc/stat is sampled while the bench itself sleeps,
 * which excludes the bench's own work (the 1-minute load average would still count the `vite build`
 * that `npm run bench` runs just before).
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

async function cpuTimes(): Promise<{ busy: number; total: number } | null> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
    const [, ...fields] = line.trim().split(/\s+/);
    const v = fields.slice(0, 8).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/**
 * Average number of cores busy with other work over `ms` (0 = idle machine, 2 = both cores taken), or
 * null where /proc/stat is unavailable. The caller must not be computing meanwhile.
 */
export async function coresBusyElsewhere(cores: number, ms = 2000): Promise<number | null> {
  const a = await cpuTimes();
  await sleep(ms);
  const b = await cpuTimes();
  if (!a || !b || b.total === a.total) return null;
  return ((b.busy - a.busy) / (b.total - a.total)) * cores;
}
