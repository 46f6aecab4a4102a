/** The headline figures of each benchmark's JSON report, as rows of a plain-text table. */
type Figures = Record<string, any>;
type Row = [benchmark: string, figure: string, value: string];

const num = (value: unknown, unit = '') =>
  value === null || value === undefined ? 'n/a' : `${String(value)}${unit}`;

/** "median (lowest to highest)" of the per-task ratios the report lists. */
function ratioSpread(median: unknown, perTask: unknown): string {
  const ratios = Array.isArray(perTask) ? (perTask as number[]) : [];
  if (ratios.length === 0) return num(median);
  return `${num(median)} (${Math.min(...ratios)} to ${Math.max(...ratios)})`;
}

function detectionRows(f: Figures): Row[] {
  return [
    ['detection', `host, ${f.images} photos, next task`, num(f.hostImagesPerSecond, ' images/s')],
    ['detection', 'host, first task after start', num(f.coldHostImagesPerSecond, ' images/s')],
    ['detection', `limit (1 thread x cores)`, num(f.limitImagesPerSecond, ' images/s')],
    ['detection', 'peer (Python/OpenCV)', num(f.peerImagesPerSecond, ' images/s')],
    [
      'detection',
      'host / limit, median of the next tasks',
      ratioSpread(f.hostVsLimit, f.hostVsLimitRounds),
    ],
    ['detection', 'host / limit, first task after start', num(f.coldHostVsLimit)],
    ['detection', 'host / limit per busy core (CPU ms)', num(f.hostVsLimitPerCore)],
    ['detection', 'cores the host got', num(f.hostCoresUsed)],
    ['detection', 'host / peer', num(f.hostVsPeer)],
  ];
}

function dbCostRows(f: Figures): Row[] {
  const rows: Row[] = (f.cases as Figures[]).map((c) => [
    'db-cost',
    `${c.files} files, interval ${c.intervalSeconds} s`,
    `task row ${c.taskRowWrites}, results ${c.resultWrites} (${c.seconds} s)`,
  ]);
  for (const [files, percent] of Object.entries(
    f.taskRowReductionPercent as Record<string, number>,
  )) {
    rows.push(['db-cost', `${files} files, task row writes saved`, `${percent} %`]);
  }
  return rows;
}

function llmRows(f: Figures): Row[] {
  return (f.cases as Figures[]).map((c) => [
    'llm',
    `${c.inFlight} in flight, ${f.latencyMs} ms`,
    `${c.filesPerSecond} files/s of ideal ${c.idealFilesPerSecond} (${c.ofIdeal})`,
  ]);
}

function claimingRows(f: Figures): Row[] {
  return (f.rounds as Figures[]).map((r) => [
    'claiming',
    `${r.hosts} hosts, ${f.tasks} tasks`,
    `${r.tasksPerSecond} tasks/s, claim p50 ${r.claimP50Ms} ms, p99 ${r.claimP99Ms} ms`,
  ]);
}

function memoryRows(f: Figures): Row[] {
  return Object.entries(f)
    .filter(([key]) => key.startsWith('peakRssMiBAt'))
    .map(([key, value]) => [
      'memory',
      `peak RSS at ${key.slice('peakRssMiBAt'.length)} files`,
      num(value, ' MiB'),
    ]);
}

const byName: Record<string, (f: Figures) => Row[]> = {
  detection: detectionRows,
  'db-cost': dbCostRows,
  llm: llmRows,
  claiming: claimingRows,
  memory: memoryRows,
};

export function summaryRows(name: string, figures: Figures | undefined, error?: string): Row[] {
  if (!figures) return [[name, 'failed', error ?? 'no report']];
  return byName[name]?.(figures) ?? [[name, 'figures', JSON.stringify(figures)]];
}

export function renderTable(rows: readonly Row[]): string {
  const header: Row = ['benchmark', 'figure', 'value'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i].length)));
  const line = (row: Row) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
