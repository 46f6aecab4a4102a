import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDataDir } from './support/paths';
import { machine } from './support/report';
import { renderTable, summaryRows } from './summary';

/**
 * `npm run bench`: every benchmark in its own process (so memory and libvips settings do not
 * leak between them), each with a time budget, then one summary table. The reports are also
 * saved to var/bench/last-run.json.
 */
const BENCHMARKS: ReadonlyArray<{ name: string; budgetSeconds: number }> = [
  { name: 'detection', budgetSeconds: 210 },
  { name: 'db-cost', budgetSeconds: 90 },
  { name: 'llm', budgetSeconds: 60 },
  { name: 'claiming', budgetSeconds: 150 },
  { name: 'memory', budgetSeconds: 60 },
];

interface Outcome {
  readonly name: string;
  readonly seconds: number;
  readonly report?: { figures: Record<string, unknown> };
  readonly error?: string;
}

function runOne(name: string, budgetSeconds: number): Promise<Outcome> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(__dirname, `${name}.js`)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), budgetSeconds * 1000);
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) {
        resolve({ name, seconds, report: JSON.parse(last) as Outcome['report'] });
      } else {
        resolve({
          name,
          seconds,
          error: signal ? `stopped after its ${budgetSeconds} s budget` : `exit code ${code}`,
        });
      }
    });
  });
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const started = performance.now();
  const outcomes: Outcome[] = [];
  process.stderr.write(
    `bench: ${os.availableParallelism()} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  for (const { name, budgetSeconds } of BENCHMARKS) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stderr.write(`\n== ${name}\n`);
    outcomes.push(await runOne(name, budgetSeconds));
  }
  const minutes = (performance.now() - started) / 60_000;
  const rows = outcomes.flatMap((o) => summaryRows(o.name, o.report?.figures, o.error));
  const host = machine();
  process.stdout.write(
    `\n${renderTable(rows)}\n\n${host.cores} cores (${host.cpu}), ${host.node}, ` +
      `load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at the end, ${minutes.toFixed(1)} min in all\n`,
  );
  fs.mkdirSync(benchDataDir, { recursive: true });
  fs.writeFileSync(
    path.join(benchDataDir, 'last-run.json'),
    JSON.stringify({ machine: host, minutes, outcomes }, null, 2),
  );
  return outcomes.every((o) => o.report) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${String(error)}\n`);
    process.exit(1);
  },
);
