import { ParamsError } from '@autoannotate/runtime/errors/errors';

function suggestion(name: string, classNames: readonly string[]): string {
  const wanted = name.toLowerCase().replace(/[\s_-]/g, '');
  const near = classNames.find((known) => known.toLowerCase().replace(/[\s_-]/g, '') === wanted);
  return near === undefined ? '' : `; did you mean ${JSON.stringify(near)}?`;
}

/**
 * The classes an instance reports: `targetClasses` in the model's order, or every class.
 * An unknown name is refused (rather than silently never matching), with a close spelling
 * when there is one; the full list is left out because it can run to hundreds.
 */
export function selectClasses(
  classNames: readonly string[],
  targetClasses: readonly string[] | undefined,
  labelsPath: string,
): string[] {
  if (targetClasses === undefined) return [...classNames];
  const known = new Set(classNames);
  for (const name of targetClasses) {
    if (!known.has(name)) {
      throw new ParamsError(
        `object-detection params: targetClasses: unknown class ` +
          `${JSON.stringify(name)} (not among the ${classNames.length} classes of ` +
          `${labelsPath})${suggestion(name, classNames)}`,
      );
    }
  }
  const wanted = new Set(targetClasses);
  return classNames.filter((name) => wanted.has(name));
}
