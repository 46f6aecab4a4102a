import type { LabelStudioResult, RelationResult } from '@autoannotate/runtime';
import type { EditorAnnotation, EditorRegion } from '../../helpers/label-studio-editor';

/** Percent values go through the editor's pixel space and back; this much drift is rounding. */
const tolerance = 1e-9;

type RegionResult = Exclude<LabelStudioResult, RelationResult>;

/**
 * Every way the editor's copy of a prediction differs from the results a converter wrote, one
 * sentence each: regions or relations it dropped, added or changed, labels it removed, boxes
 * it moved or drew outside the image, spans it highlighted differently, choices it left
 * unchecked, and anything its own serialization would save differently. Empty = loaded as is.
 */
export function editorDifferences(
  ours: readonly LabelStudioResult[],
  editor: EditorAnnotation,
): string[] {
  const found: string[] = [];
  const relations = ours.filter((r): r is RelationResult => r.type === 'relation');
  const choices = ours.filter((r): r is RegionResult => r.type === 'choices');
  const regions = ours.filter(
    (r): r is RegionResult => r.type !== 'relation' && r.type !== 'choices',
  );

  const editorRegions = new Map(editor.regions.map((region) => [region.id, region]));
  for (const result of regions) {
    const region = editorRegions.get(result.id);
    if (region === undefined) found.push(`region ${result.id} was dropped`);
    else found.push(...regionDifferences(result, region));
  }
  for (const region of editor.regions) {
    if (!regions.some((result) => result.id === region.id))
      found.push(`region ${region.id} appeared`);
  }

  found.push(...choiceDifferences(choices, editor));
  found.push(...relationDifferences(relations, editor));
  found.push(...roundTripDifferences(ours, editor.serialized));
  return found;
}

function regionDifferences(result: RegionResult, region: EditorRegion): string[] {
  const found: string[] = [];
  const name = `region ${result.id}`;
  const labels = labelsOf(result);
  if (region.control !== result.from_name) {
    found.push(`${name}: control ${result.from_name} became ${region.control}`);
  }
  if (region.object !== result.to_name) {
    found.push(`${name}: object ${result.to_name} became ${region.object}`);
  }
  if (!sameList(region.labels, labels)) {
    found.push(`${name}: labels ${show(labels)} became ${show(region.labels)}`);
  }
  if (result.score !== undefined && region.score !== result.score) {
    found.push(`${name}: score ${result.score} became ${region.score}`);
  }
  if (result.type === 'labels') {
    const span = region.span;
    const { start, end, text } = result.value;
    if (span === undefined) return [...found, `${name}: is a ${region.type}, not a text span`];
    if (span.start !== start || span.end !== end) {
      found.push(`${name}: span [${start}, ${end}) became [${span.start}, ${span.end})`);
    }
    if (span.highlighted !== text) {
      found.push(
        `${name}: highlights ${JSON.stringify(span.highlighted)}, not ${JSON.stringify(text)}`,
      );
    }
  }
  if (result.type === 'rectanglelabels') {
    const box = region.box;
    if (box === undefined) return [...found, `${name}: is a ${region.type}, not a box`];
    for (const key of ['x', 'y', 'width', 'height'] as const) {
      if (!near(box.percent[key], result.value[key])) {
        found.push(`${name}: ${key} ${result.value[key]}% became ${box.percent[key]}%`);
      }
    }
    if (box.rotation !== result.value.rotation) {
      found.push(`${name}: rotation ${result.value.rotation} became ${box.rotation}`);
    }
    const { x, y, width, height } = box.pixels;
    const { stage } = box;
    const inside =
      x >= 0 &&
      y >= 0 &&
      x + width <= stage.width + tolerance &&
      y + height <= stage.height + tolerance;
    if (!inside || width <= 0 || height <= 0) {
      const drawn = show([x, y, width, height]);
      found.push(`${name}: drawn at ${drawn} px on a ${stage.width}x${stage.height} image`);
    }
  }
  return found;
}

function choiceDifferences(choices: readonly RegionResult[], editor: EditorAnnotation): string[] {
  const found: string[] = [];
  for (const result of choices) {
    const kept = editor.classifications.find((area) => area.id === result.id);
    if (kept === undefined) found.push(`choices ${result.id} were dropped`);
    const checked = editor.checkedChoices.find((control) => control.control === result.from_name);
    const wanted = labelsOf(result);
    if (checked === undefined)
      found.push(`choices ${result.id}: no <Choices> named ${result.from_name}`);
    else if (!sameList(checked.checked, wanted)) {
      found.push(`choices ${result.id}: ${show(wanted)} written, ${show(checked.checked)} checked`);
    }
  }
  for (const area of editor.classifications) {
    if (!choices.some((result) => result.id === area.id)) found.push(`choices ${area.id} appeared`);
  }
  return found;
}

function relationDifferences(
  relations: readonly RelationResult[],
  editor: EditorAnnotation,
): string[] {
  const found: string[] = [];
  for (const relation of relations) {
    const name = `relation ${relation.from_id} -> ${relation.to_id}`;
    const kept = editor.relations.find(
      (r) => r.from === relation.from_id && r.to === relation.to_id,
    );
    if (kept === undefined) {
      found.push(`${name} was dropped`);
      continue;
    }
    if (kept.direction !== relation.direction) {
      found.push(`${name}: direction ${relation.direction} became ${kept.direction}`);
    }
    if (!sameList(kept.labels, relation.labels)) {
      found.push(`${name}: labels ${show(relation.labels)} became ${show(kept.labels)}`);
    }
  }
  for (const kept of editor.relations) {
    if (!relations.some((r) => r.from_id === kept.from && r.to_id === kept.to)) {
      found.push(`relation ${kept.from} -> ${kept.to} appeared`);
    }
  }
  return found;
}

/** Each field we wrote must come back the same from the editor's own save. */
function roundTripDifferences(
  ours: readonly LabelStudioResult[],
  saved: ReadonlyArray<Record<string, unknown>>,
): string[] {
  const found: string[] = [];
  for (const result of ours) {
    const match = saved.find((item) => sameItem(result, item));
    const name =
      result.type === 'relation'
        ? `relation ${result.from_id} -> ${result.to_id}`
        : `${result.type} ${result.id}`;
    if (match === undefined) {
      found.push(`${name} is missing from what the editor would save`);
      continue;
    }
    for (const [key, value] of Object.entries(result)) {
      if (!equalJson(value, match[key])) {
        const saved = JSON.stringify(match[key]);
        found.push(
          `${name}: the editor would save ${key} = ${saved}, not ${JSON.stringify(value)}`,
        );
      }
    }
  }
  if (saved.length !== ours.length) {
    found.push(`the editor would save ${saved.length} results, not ${ours.length}`);
  }
  return found;
}

function sameItem(result: LabelStudioResult, item: Record<string, unknown>): boolean {
  if (result.type === 'relation') {
    return (
      item.type === 'relation' && item.from_id === result.from_id && item.to_id === result.to_id
    );
  }
  return item.id === result.id && item.from_name === result.from_name;
}

function labelsOf(result: RegionResult): readonly string[] {
  const value = result.value as unknown as Record<string, unknown>;
  return (value[result.type] as readonly string[] | undefined) ?? [];
}

function equalJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return near(a, b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => equalJson(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => equalJson(a[key], b[key]));
  }
  return a === b;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Same members; label order carries no meaning in Label Studio. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  const sortedB = [...b].sort();
  return a.length === b.length && [...a].sort().every((value, i) => value === sortedB[i]);
}

function show(values: readonly unknown[]): string {
  const shown = values.map((v) =>
    typeof v === 'number' ? String(Number(v.toFixed(3))) : JSON.stringify(v),
  );
  return `[${shown.join(', ')}]`;
}
