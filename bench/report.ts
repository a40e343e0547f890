/**
 * Targets (marked pass/fail, never failing the process) and the printed summary table.
 */
import type { BenchResults, ExplainResult, ExplainSection, ImportResult, TargetCheck, TrainingResult } from './results';

/** Targets from the product brief. */
export const TARGETS = {
  /** Browser import throughput relative to pandas.read_csv on the same file. */
  importVsPandas: 0.5,
  /** Best browser backend's steady samples/s relative to PyTorch on one thread. */
  trainVsTorch: 0.1,
  /** The browser's long-task threshold: any entry at all means a task over 50 ms. */
  longestTaskMs: 50,
};

const bestRate = (r: ImportResult | undefined): number | null => r?.best?.mbPerSec ?? null;

function ratioCheck(name: string, value: number | null, peer: number | null, threshold: number, detail: string): TargetCheck {
  const ratio = value !== null && peer ? value / peer : null;
  return { name, value: ratio, threshold, comparison: '>=', pass: ratio === null ? null : ratio >= threshold, detail };
}

/** Evaluates the targets over finished results (null pass when a side is missing). */
export function checkTargets(r: Pick<BenchResults, 'import' | 'training' | 'responsiveness'>): TargetCheck[] {
  const imp = (engine: ImportResult['engine']) => r.import.find((i) => i.engine === engine);
  const pandas = bestRate(imp('pandas'));
  const torch = r.training.results.find((t) => t.where === 'pytorch')?.run?.steadySamplesPerSec ?? null;
  const browser = r.training.results.filter((t) => t.where === 'browser' && t.run && !t.error && t.run.used === t.backend);
  const best = browser.reduce<TrainingResult | null>(
    (a, b) => (a && a.run!.steadySamplesPerSec >= b.run!.steadySamplesPerSec ? a : b),
    null,
  );
  const longest = r.responsiveness.longestTaskMs;
  return [
    ratioCheck('import: browser worker MB/s ≥ 0.5× pandas', bestRate(imp('browser')), pandas, TARGETS.importVsPandas, 'the product figure'),
    ratioCheck('import: Node importCsv MB/s ≥ 0.5× pandas', bestRate(imp('node')), pandas, TARGETS.importVsPandas, 'same core, no browser'),
    ratioCheck(
      'training: best browser backend ≥ 0.1× PyTorch samples/s',
      best?.run?.steadySamplesPerSec ?? null,
      torch,
      TARGETS.trainVsTorch,
      best ? `best browser backend: ${best.backend}` : 'no browser backend finished',
    ),
    {
      name: 'responsiveness: no main-thread task > 50 ms while training',
      value: longest,
      threshold: TARGETS.longestTaskMs,
      comparison: '<=',
      pass: longest === null ? null : longest <= TARGETS.longestTaskMs,
      detail: 'longest long-task entry during browser training runs (0 = none over 50 ms)',
    },
  ];
}

const num = (v: number | null | undefined, digits = 0): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const IMPORT_LABEL: Record<ImportResult['engine'], string> = {
  pandas: 'pandas.read_csv (Python, 1 thread)',
  node: 'Node: core importCsv (stream)',
  browser: 'Browser: app worker importCsv (url)',
};

const EXPLAIN_WHERE: Record<ExplainResult['where'], string> = {
  browser: 'browser worker',
  node: 'Node (core)',
  peer: 'peer: PyTorch/numpy',
};

/** The explanation table: one line per place and method; "vs peer" compares net rows/s (overhead excluded). */
function explainSummary(e: ExplainSection): string[] {
  const out: string[] = [];
  const trained = e.data.trainRows === null ? '' : `, trained ${e.data.epochs} epochs on ${num(e.data.trainRows)} rows`;
  out.push(`Explanations: ${e.model}${trained} of ${e.data.file}; ${e.players} players (${e.granularity} columns), background ${e.background} rows`);
  out.push(
    `  KernelSHAP: ${num(e.kernelSamples)} coalitions per row (the default 2·${e.players} + 2048; paired sampling, weighted least squares); ` +
      `gradient: expected gradients, ${e.gradientSteps} Gauss–Legendre nodes per background row`,
  );
  out.push(`  Peer: ${e.peer}.`);
  out.push('  call s: request to answer; overhead s: fastest of three 1-row calls (background k-means, features, round trip); net = without it');
  const peer = (m: ExplainResult['method']) => e.results.find((r) => r.where === 'peer' && r.method === m)?.run?.rowsPerSec ?? null;
  out.push(
    table(
      ['where', 'method', 'ran on', 'rows', 'call s', 'report s', 'overhead s', 'rows/s', 'net rows/s', 'vs peer (net)', 'vs peer (call)', 'max gap'],
      e.results.map((r) => {
        const run = r.run;
        const p = peer(r.method);
        return [
          EXPLAIN_WHERE[r.where],
          r.method,
          r.backend,
          num(run?.rows),
          run ? num(run.wallMs / 1000, 2) : 'ERROR',
          num(run?.reportMs === null || run?.reportMs === undefined ? null : run.reportMs / 1000, 2),
          num(run?.overheadMs === null || run?.overheadMs === undefined ? null : run.overheadMs / 1000, 2),
          num(run?.rowsPerSec, 2),
          num(run?.netRowsPerSec, 2),
          r.where !== 'peer' && p && run?.netRowsPerSec ? `${num(run.netRowsPerSec / p, 3)}×` : '—',
          r.where !== 'peer' && p && run ? `${num(run.rowsPerSec / p, 3)}×` : '—',
          run ? run.localAccuracyGap.toExponential(1) : '—',
        ];
      }),
    ),
  );
  return out;
}

/** The human-readable summary printed after a run. */
export function formatSummary(r: BenchResults): string {
  const out: string[] = [];
  const d = r.data.import;
  out.push(`Orrery bench${r.quick ? ' (QUICK: reduced sizes)' : ''} — ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, Chromium ${r.machine.chromium ?? '—'}`);
  const { before, during, after } = r.machine.coresBusyElsewhere;
  const busy = Math.max(before ?? 0, during ?? 0, after ?? 0) > 0.25;
  out.push(
    `Other work on the machine (cores busy): ${num(before, 2)} before, ${num(during, 2)} during, ${num(after, 2)} after` +
      (busy ? ' — timings are skewed, rerun on an idle machine' : ''),
  );
  out.push('');
  if (r.import.length) {
    out.push(`CSV import: ${d.file} (${num(d.bytes / 1e6, 1)} MB, ${num(d.rows)} rows × ${d.columns} numeric columns; best of ${Math.max(0, ...r.import.map((i) => i.runs.length))})`);
    const pandas = bestRate(r.import.find((i) => i.engine === 'pandas'));
    out.push(
      table(
        ['engine', 'MB/s', 'rows/s', 'best s', 'vs pandas'],
        r.import.map((i) => [
          IMPORT_LABEL[i.engine],
          i.error ? 'ERROR' : num(i.best?.mbPerSec, 1),
          num(i.best?.rowsPerSec),
          num(i.best ? i.best.ms / 1000 : null, 2),
          pandas && i.best ? `${num(i.best.mbPerSec / pandas, 2)}×` : '—',
        ]),
      ),
    );
  } else out.push('CSV import: not run');
  out.push('');
  if (r.training.results.length) {
    out.push(`Training: ${r.training.model}, ${r.training.optimizer}, batch ${r.training.batchSize}, ${r.training.task}; steady = epochs after the first`);
    const torch = r.training.results.find((t) => t.where === 'pytorch')?.run?.steadySamplesPerSec ?? null;
    out.push(
      table(
        ['where', 'backend', 'ran on', 'train rows', 'epochs', 'steady samples/s', 'vs PyTorch'],
        r.training.results.map((t) => [
          t.where,
          t.backend,
          t.run?.used ?? '—',
          num(t.run?.trainRows),
          num(t.run?.epochs),
          t.run ? num(t.run.steadySamplesPerSec) : 'ERROR',
          torch && t.run ? `${num(t.run.steadySamplesPerSec / torch, 3)}×` : '—',
        ]),
      ),
    );
  } else out.push('Training: not run');
  out.push('');
  if (r.explain) {
    out.push(...explainSummary(r.explain));
    out.push('');
  }
  const w = r.responsiveness.windows;
  out.push(`Responsiveness (main thread, long tasks > 50 ms): ${w.map((x) => `${x.phase}: ${x.count ? `${num(x.maxMs)} ms max, ${x.count} task(s)` : 'none'}`).join('; ') || '—'}`);
  out.push('');
  out.push('Targets');
  for (const t of r.targets) {
    const mark = t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL';
    const value = t.comparison === '>=' ? `${num(t.value, 3)}× (need ≥ ${t.threshold}×)` : `${num(t.value)} ms (need ≤ ${t.threshold} ms)`;
    out.push(`  [${mark}] ${t.name}: ${value} — ${t.detail}`);
  }
  if (r.errors.length) {
    out.push('');
    out.push('Errors');
    for (const e of r.errors) out.push(`  - ${e}`);
  }
  return out.join('\n');
}
