import fs from 'node:fs';
import path from 'node:path';
import { parseScriptArgs } from './script-args';

/**
 * Writes short product reviews, one `.txt` file each, for trying the text operators:
 * every third review is negative, the rest positive, with accents and a few CJK characters
 * so that offsets are exercised.
 *
 *   node scripts/dist/make-sample-texts.js --out samples/texts --count 200
 */
const POSITIVE = [
  'I love this café grinder, excellent build.',
  'Great value; the 咖啡 tastes excellent.',
  'Love it — works great after a month.',
];
const NEGATIVE = [
  'Awful: it arrived broken.',
  'Bad seal, the lid is broken again.',
  'Awful noise, bad motor.',
];

export function writeSampleTexts(outDir: string, count: number): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const names: string[] = [];
  for (let i = 1; i <= count; i++) {
    const negative = i % 3 === 0;
    const pool = negative ? NEGATIVE : POSITIVE;
    const name = `review-${String(i).padStart(4, '0')}.txt`;
    fs.writeFileSync(path.join(outDir, name), `Review ${i}. ${pool[i % pool.length]}\n`);
    names.push(name);
  }
  return names;
}

if (require.main === module) {
  const values = parseScriptArgs(
    'usage: node scripts/dist/make-sample-texts.js [--out samples/texts] [--count 200]',
    {
      out: { type: 'string', default: 'samples/texts' },
      count: { type: 'string', default: '200' },
    },
  );
  const names = writeSampleTexts(path.resolve(values.out), Number(values.count));
  process.stdout.write(`wrote ${names.length} reviews to ${path.resolve(values.out)}\n`);
}
