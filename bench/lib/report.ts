import { cpus, totalmem } from 'node:os';
import { round } from './stats';

export type Engine = 'pglite' | 'postgres';

export interface Metric {
  engine: Engine;
  metric: string;
  unit: string;
  value: number;
  /** What the value is compared with, measured in the same run. */
  baselineLabel: string | null;
  baseline: number | null;
  /** value ÷ baseline. */
  ratio: number | null;
  /** The budget: value must be ≤ (lower is better) or ≥ (higher is better) this. */
  budget: { op: '<=' | '>='; value: number } | null;
  pass: boolean | null;
  note?: string;
}

export function metric(m: Omit<Metric, 'ratio' | 'pass'>): Metric {
  const ratio = m.baseline ? m.value / m.baseline : null;
  const pass = m.budget ? (m.budget.op === '<=' ? m.value <= m.budget.value : m.value >= m.budget.value) : null;
  return { ...m, ratio, pass };
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string; loadAverage: number[] };
  dataset: Record<string, number>;
  metrics: Metric[];
  notes: string[];
}

export function machineInfo(loadAverage: number[]): BenchReport['machine'] {
  const c = cpus();
  return {
    cpus: c.length, cpuModel: c[0]?.model ?? 'unknown', memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version, platform: `${process.platform}-${process.arch}`, loadAverage: loadAverage.map((x) => round(x, 2)),
  };
}

const fmt = (x: number | null, unit = '') => {
  if (x === null || Number.isNaN(x)) return '—';
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return `${x.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
};

export function toMarkdown(r: BenchReport): string {
  const lines = [
    `# OCOP Platform benchmark${r.quick ? ' (quick: reduced dataset, budgets indicative only)' : ''}`,
    '',
    `Run ${r.startedAt} → ${r.finishedAt} on ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, Node ${r.machine.node} (${r.machine.platform}); load average at start ${r.machine.loadAverage.join(' / ')}.`,
    '',
    `Dataset: ${Object.entries(r.dataset).map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`).join(', ')}.`,
    '',
    'Every figure sits next to a baseline measured in the same run; ratio = value ÷ baseline.',
    '',
    '| engine | metric | value | baseline | ratio | budget | result |',
    '|---|---|---:|---|---:|---:|---|',
  ];
  for (const m of r.metrics) {
    const baseline = m.baseline === null ? '—' : `${fmt(m.baseline, m.unit)} (${m.baselineLabel})`;
    const budget = m.budget ? `${m.budget.op === '<=' ? '≤' : '≥'} ${fmt(m.budget.value, m.unit)}` : '—';
    const result = m.pass === null ? 'report' : m.pass ? 'pass' : '**FAIL**';
    const ratio = m.ratio === null ? '—' : `${m.ratio < 1 ? m.ratio.toPrecision(2) : fmt(m.ratio)}×`;
    lines.push(`| ${m.engine} | ${m.metric}${m.note ? ` — ${m.note}` : ''} | ${fmt(m.value, m.unit)} | ${baseline} | ${ratio} | ${budget} | ${result} |`);
  }
  if (r.notes.length) lines.push('', ...r.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}
