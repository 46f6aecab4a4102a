import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { pictureSize } from '@autoannotate/operator-object-detection/picture-size';
import { makeTempDir, removeDir } from './support/context';
import { sharedImagePath } from './support/paths';

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

async function orientedJpeg(orientation: number, progressive: boolean): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: '#808080' } })
    .jpeg({ progressive })
    .withMetadata({ orientation })
    .toBuffer();
}

/** What libvips, which decodes and orients the picture, says its size is. */
async function sizeBySharp(image: Buffer) {
  const metadata = await sharp(image).metadata();
  return {
    stored: metadata.width * metadata.height,
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
  };
}

describe('the picture size read from an image header', () => {
  let dir: string;

  before(async () => {
    dir = await makeTempDir();
  });

  after(async () => {
    await removeDir(dir);
  });

  it('agrees with libvips on JPEGs with each of the eight EXIF orientations', async () => {
    for (let orientation = 1; orientation <= 8; orientation += 1) {
      const jpeg = await orientedJpeg(orientation, orientation % 2 === 0);
      const turned = orientation >= 5;
      const expected = { stored: 60_000, width: turned ? 200 : 300, height: turned ? 300 : 200 };
      assert.deepEqual(await pictureSize(jpeg), expected, `orientation ${orientation}`);
      assert.deepEqual(await sizeBySharp(jpeg), expected, `libvips, orientation ${orientation}`);
    }
  });

  it('agrees with libvips on the shared photos, read as bytes and as a path', async () => {
    for (const name of ['taxis.jpg', 'plane.jpg', 'chelsea.png']) {
      const bytes = await readFile(sharedImagePath(name));
      const expected = await sizeBySharp(bytes);
      assert.deepEqual(await pictureSize(bytes), expected, name);
      assert.deepEqual(await pictureSize(sharedImagePath(name)), expected, `${name} by path`);
    }
  });

  it('leaves a JPEG whose EXIF directory is not at the usual place to libvips', async () => {
    // The TIFF header now points its first directory at offset 0: libvips finds no orientation
    // there, while a parser that assumes offset 8 would still read orientation 6 and turn it.
    const jpeg = await orientedJpeg(6, false);
    const tiff = jpeg.indexOf(EXIF_HEADER) + EXIF_HEADER.length;
    assert.equal(jpeg.toString('latin1', tiff, tiff + 2), 'II');
    jpeg.writeUInt32LE(0, tiff + 4);
    assert.deepEqual(await sizeBySharp(jpeg), { stored: 60_000, width: 300, height: 200 });
    assert.deepEqual(await pictureSize(jpeg), { stored: 60_000, width: 300, height: 200 });
  });

  it('reads the orientation of PNG and WebP files through libvips', async () => {
    const upright = sharp({
      create: { width: 300, height: 200, channels: 3, background: '#808080' },
    }).withMetadata({ orientation: 6 });
    for (const image of [await upright.clone().png().toBuffer(), await upright.webp().toBuffer()]) {
      assert.deepEqual(await pictureSize(image), await sizeBySharp(image));
      assert.deepEqual(await pictureSize(image), { stored: 60_000, width: 200, height: 300 });
    }
  });

  it('reads a PNG named .jpg by its bytes, not its name', async () => {
    const notes = path.join(dir, 'notes.jpg');
    await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .png()
      .toFile(notes);
    // A PNG named .jpg: the name does not matter, the bytes do.
    assert.deepEqual(await pictureSize(await readFile(notes)), {
      stored: 16,
      width: 4,
      height: 4,
    });
  });
});
