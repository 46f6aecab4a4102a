/** Label Studio refuses project titles longer than this many characters (code points). */
export const MAX_PROJECT_TITLE = 50;

/**
 * The Label Studio project title of a task: its name and id, the name shortened when needed so
 * the title fits and stays the same on every push (a push finds its project by this title).
 */
export function projectTitle(taskName: string, taskId: number): string {
  const suffix = ` (task ${taskId})`;
  const name = Array.from(taskName.trim());
  if (name.length + suffix.length <= MAX_PROJECT_TITLE) return `${name.join('')}${suffix}`;
  return `${name
    .slice(0, MAX_PROJECT_TITLE - suffix.length - 1)
    .join('')
    .trimEnd()}…${suffix}`;
}
