import type { FileFailure, Task, TaskStatus } from '../../storage/types';
import { tableLines } from './table';
import { formatDuration, formatTime } from './units';

const FINISHED: ReadonlySet<TaskStatus> = new Set(['completed', 'failed', 'stopped']);

export function isFinished(status: TaskStatus): boolean {
  return FINISHED.has(status);
}

/** `12/40` processed of total; `-` before a run has counted the files. */
function filesCell(task: Task): string {
  return task.totalImages === 0 && task.processedImages === 0
    ? '-'
    : `${task.processedImages}/${task.totalImages}`;
}

/** The status, with a pending stop request shown, since a live run honours it only at its next heartbeat. */
function statusCell(task: Task): string {
  return task.stopRequested && !isFinished(task.status) ? `${task.status} (stopping)` : task.status;
}

export function taskTableLines(tasks: readonly Task[]): string[] {
  if (tasks.length === 0) return ['no tasks yet (autoannotate submit creates one)'];
  return tableLines(
    ['ID', 'NAME', 'TYPE', 'STATUS', 'FILES', 'FAILED', 'REGIONS', 'UPDATED'],
    tasks.map((t) => [
      t.id,
      t.name,
      t.taskType,
      statusCell(t),
      filesCell(t),
      t.failedImages,
      t.detectedObjects,
      formatTime(t.updatedAt),
    ]),
  );
}

/** One task in detail, with the recorded failures (at most `failures.length` of `failedImages`). */
export function taskDetailLines(task: Task, failures: readonly FileFailure[]): string[] {
  const rows: Array<[string, string]> = [
    ['status', statusCell(task)],
    ['type', task.taskType],
    ['dataset', String(task.datasetId)],
    [
      'pipeline',
      task.pipeline.map((s) => `${s.operator} ${JSON.stringify(s.params ?? {})}`).join(' > '),
    ],
    ['files', `${task.processedImages}/${task.totalImages} processed, ${task.failedImages} failed`],
    ['regions', String(task.detectedObjects)],
    ['attempts', String(task.attempts)],
  ];
  if (task.status === 'running' && task.hostId) rows.push(['host', task.hostId]);
  rows.push(['created', formatTime(task.createdAt)], ['started', formatTime(task.startedAt)]);
  if (task.finishedAt !== null) {
    const took =
      task.startedAt === null
        ? ''
        : ` (${formatDuration((task.finishedAt - task.startedAt) / 1000)})`;
    rows.push(['finished', `${formatTime(task.finishedAt)}${took}`]);
  }
  if (task.errorMessage) rows.push(['error', task.errorMessage]);

  const lines = [
    `task ${task.id} "${task.name}"`,
    ...rows.map(([key, value]) => `  ${key.padEnd(9)} ${value}`),
  ];
  if (failures.length > 0) {
    const shown =
      failures.length < task.failedImages
        ? `${failures.length} of ${task.failedImages}`
        : `${failures.length}`;
    lines.push(
      `failures (${shown}):`,
      ...failures.map((f) => `  ${f.filePath}: ${withoutPath(f.reason, f.filePath)}`),
    );
  }
  return lines;
}

/** Reasons usually start with the file path already; print it once. */
function withoutPath(reason: string, filePath: string): string {
  return reason.startsWith(`${filePath}: `) ? reason.slice(filePath.length + 2) : reason;
}
