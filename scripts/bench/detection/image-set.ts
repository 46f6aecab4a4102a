import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { benchDataDir, sharedImagesDir } from '../support/paths';
import { say } from '../support/report';

/** Sizes relative to the originals (1280x853, 640x962, 640x426, 451x300): 226 px to 2560 px wide. */
const SCALES = [0.5, 0.75, 1, 1, 1.25, 1.5, 2];
/** Bumped when the recipe changes, so an old folder is remade. */
const RECIPE = 'v1';

export interface ImageSet {
  readonly dir: string;
  readonly count: number;
  readonly megapixels: number;
}

/**
 * At least `minimum` real photos: the six shared ones, each saved again at several sizes and
 * JPEG qualities (the PNG stays PNG), every file distinct. The embedded colour profile is kept,
 * as cameras and phones write one. Made once under var/bench and reused.
 */
export async function imageSet(minimum: number): Promise<ImageSet> {
  const originals = fs
    .readdirSync(sharedImagesDir)
    .filter((f) => /\.(jpg|png)$/i.test(f))
    .sort();
  const perPhoto = Math.ceil(minimum / originals.length);
  const dir = path.join(benchDataDir, `images-${RECIPE}-${perPhoto * originals.length}`);
  const marker = path.join(dir, '.complete.json');
  if (fs.existsSync(marker)) return JSON.parse(fs.readFileSync(marker, 'utf8')) as ImageSet;

  say(`detection: writing ${perPhoto * originals.length} photos to ${dir}; later runs reuse them`);

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  sharp.concurrency(0);
  let pixels = 0;
  for (const name of originals) {
    const source = path.join(sharedImagesDir, name);
    const { width, height } = await sharp(source).metadata();
    const stem = path.parse(name).name;
    const png = name.toLowerCase().endsWith('.png');
    for (let i = 0; i < perPhoto; i += 1) {
      const scale = SCALES[i % SCALES.length] ?? 1;
      const w = Math.round(width * scale);
      const h = Math.round(height * scale);
      const quality = 72 + ((i * 7) % 25);
      const pipeline = sharp(source).resize(w, h, { fit: 'fill' }).keepIccProfile();
      const out = path.join(
        dir,
        `${stem}-${String(i).padStart(3, '0')}-${w}x${h}.${png ? 'png' : 'jpg'}`,
      );
      await (
        png ? pipeline.png({ compressionLevel: 1 + (i % 9) }) : pipeline.jpeg({ quality })
      ).toFile(out);
      pixels += w * h;
    }
  }
  const set: ImageSet = {
    dir,
    count: perPhoto * originals.length,
    megapixels: Math.round(pixels / 1e4) / 100,
  };
  fs.writeFileSync(marker, JSON.stringify(set));
  return set;
}
