/**
 * How busy the machine is apart from the bench. Timings on a shared 2-core machine mean little while
 * something else runs, so results.json records it, from /proc (Linux). The 1-minute load average would not
 * do: it counts the bench's own work and the `vite build` that `npm run bench` runs just before.
 */
import { readdir, readFile } from 'node:fs/promises';
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

/** pid -> [parent pid, utime + stime in ticks] for every process readable in /proc. */
async function processTicks(): Promise<Map<number, [number, number]>> {
  const out = new Map<number, [number, number]>();
  for (const name of await readdir('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the parenthesized command name start at field 3: ppid is field 4, utime/stime 14/15.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, [Number(f[1]), Number(f[11]) + Number(f[12])]);
    } catch {
      // The process ended between readdir and readFile.
    }
  }
  return out;
}

/**
 * Starts measuring the CPU that other processes use while the bench runs: the machine's busy time minus
 * the bench's own, i.e. this process and all its descendants (Chromium's browser, GPU and renderer
 * processes, Python), sampled once a second. Child CPU time cannot be taken from cutime: Chromium's
 * renderers are reaped by its zygote, not by us. A descendant's last second before it exits is missed,
 * which errs towards "busy". `stop()` gives the average number of cores busy elsewhere, or null off Linux.
 */
export async function startOtherWorkMeter(cores: number): Promise<{ stop(): Promise<number | null> }> {
  const first = await cpuTimes();
  const baseline = new Map<number, number>();
  const last = new Map<number, number>();
  let firstSample = true;
  const sample = async (): Promise<void> => {
    const procs = await processTicks();
    const children = new Map<number, number[]>();
    for (const [pid, [ppid]] of procs) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    const stack = [process.pid];
    while (stack.length) {
      const pid = stack.pop()!;
      const ticks = procs.get(pid)?.[1];
      if (ticks !== undefined) {
        // Processes born during the run count from zero; those already there (this one) from now.
        if (!baseline.has(pid)) baseline.set(pid, firstSample ? ticks : 0);
        last.set(pid, ticks);
      }
      stack.push(...(children.get(pid) ?? []));
    }
    firstSample = false;
  };
  await sample().catch(() => undefined);
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(sample).catch(() => undefined);
  }, 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await sample().catch(() => undefined);
      const end = await cpuTimes();
      if (!first || !end || end.total === first.total || last.size === 0) return null;
      let own = 0;
      for (const [pid, ticks] of last) own += ticks - (baseline.get(pid) ?? 0);
      return Math.max(0, ((end.busy - first.busy - own) / (end.total - first.total)) * cores);
    },
  };
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
