import { EventEmitter } from 'node:events';
import type { RunCounts, Task } from '../storage/types';

/**
 * What a host and its runs publish while they work. Tests and metrics subscribe here instead
 * of parsing logs. A listener that throws is logged by the emitter's owner, never fatal.
 */
export interface RunEventMap {
  'task:claimed': [{ task: Task; hostId: string }];
  'file:done': [{ taskId: number; fileId: number; operator: string; ms: number; regions: number }];
  'file:failed': [
    { taskId: number; fileId: number; operator: string; reason: string; code?: string },
  ];
  'progress:written': [{ taskId: number; counts: RunCounts }];
  'heartbeat:written': [{ taskId: number }];
  'task:finished': [{ taskId: number; status: string; counts: RunCounts; message: string | null }];
  'task:released': [{ taskId: number; counts: RunCounts }];
  'run:lost': [{ taskId: number }];
}

export class RunEvents extends EventEmitter<RunEventMap> {}
