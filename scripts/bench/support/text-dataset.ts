import fs from 'node:fs';
import path from 'node:path';
import { benchDataDir } from './paths';

/**
 * A folder of `count` tiny text files under var/bench, made once and reused by later runs
 * (a marker file records that the folder is complete).
 */
export function textDataset(count: number): string {
  const dir = path.join(benchDataDir, `text-${count}`);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  // Folders of 1,000 keep directory listings short.
  for (let i = 0; i < count; i += 1) {
    const sub = path.join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(
      path.join(sub, `${String(i).padStart(6, '0')}.txt`),
      `file ${i} ${'x'.repeat(i % 17)}\n`,
    );
  }
  fs.writeFileSync(marker, `${count}\n`);
  return dir;
}
