import type { Store } from '../storage/store';

const PAGE_SIZE = 500;

/** Label → number of regions carrying it, over every stored result of a project. */
export async function countLabels(store: Store, projectId: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let afterFileId = 0;
  for (;;) {
    const page = await store.listResults(projectId, { afterFileId, limit: PAGE_SIZE });
    if (page.length === 0) return counts;
    afterFileId = page[page.length - 1]!.fileId;
    for (const row of page) {
      for (const item of resultItems(row.result)) {
        for (const label of itemLabels(item)) counts.set(label, (counts.get(label) ?? 0) + 1);
      }
    }
  }
}

function resultItems(prediction: unknown): Array<Record<string, unknown>> {
  const result = (prediction as { result?: unknown } | null)?.result;
  return Array.isArray(result) ? (result as Array<Record<string, unknown>>) : [];
}

/** The labels of one result item: `value[type]` for regions, `labels` for relations. */
function itemLabels(item: Record<string, unknown>): string[] {
  const type = typeof item.type === 'string' ? item.type : '';
  const source =
    type === 'relation' ? item.labels : (item.value as Record<string, unknown> | undefined)?.[type];
  return Array.isArray(source) ? source.filter((l): l is string => typeof l === 'string') : [];
}
