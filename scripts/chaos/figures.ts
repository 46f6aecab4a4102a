/** The value below which `share` of the sorted values lie (nearest rank). */
export function percentile(values: readonly number[], share: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

export function seconds(ms: number | undefined): string {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`;
}

/** A task a kill left behind, and when the chaos run saw it taken over. */
export interface Orphan {
  readonly taskId: number;
  readonly deadHost: string;
  readonly killedAt: number;
  /** The dead host no longer owns it: recovered to pending, claimed elsewhere or ended. */
  releasedAt?: number;
  /** Running on another host, or ended. */
  resumedAt?: number;
}
