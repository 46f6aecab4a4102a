import os from 'node:os';

/** What every benchmark ends with: one JSON line that `run-all` reads back. */
export interface BenchReport {
  readonly name: string;
  readonly figures: Record<string, unknown>;
}

export function machine() {
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    load1: Number(os.loadavg()[0]?.toFixed(2)),
    node: process.version,
  };
}

/** Human lines go to stderr so that stdout's last line is always the JSON report. */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function printReport(report: BenchReport): void {
  process.stdout.write(`${JSON.stringify({ ...report, machine: machine() })}\n`);
}

/** Runs a benchmark's main and turns a crash into a non-zero exit with the message. */
export function runMain(main: () => Promise<BenchReport>): void {
  main().then(
    (report) => {
      printReport(report);
      process.exit(0);
    },
    (error: unknown) => {
      say(
        `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      process.exit(1);
    },
  );
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
