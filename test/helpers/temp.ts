import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** A fresh temporary folder, removed after the whole run. */
export function tempDir(prefix = 'aa-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes `count` text files named 0001.txt... into `dir`; `content(i)` gives each one's text. */
export function writeTextFiles(
  dir: string,
  count: number,
  content: (i: number) => string,
): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${String(i).padStart(5, '0')}.txt`;
    fs.writeFileSync(path.join(dir, name), content(i));
    names.push(name);
  }
  return names;
}

process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
