import fs from 'node:fs/promises';
import path from 'node:path';
import type { NewDatasetFile } from '../storage/types';

const IMAGE_EXTENSIONS = new Set([
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.tif',
  '.tiff',
  '.gif',
  '.avif',
  '.bmp',
]);
const TEXT_EXTENSIONS = new Set(['.txt']);

/** The kind a file is registered as, from its extension; contents are checked when it runs. */
export function fileTypeOf(fileName: string): NewDatasetFile['fileType'] {
  const ext = path.extname(fileName).toLowerCase();
  if (IMAGE_EXTENSIONS.has(ext)) return 'image';
  if (TEXT_EXTENSIONS.has(ext)) return 'text';
  return 'other';
}

/**
 * Every file under `root`, recursively, with its type and size, paths relative to `root` with
 * forward slashes. Hidden files and folders (dot names) are skipped.
 */
export async function scanFolder(root: string): Promise<NewDatasetFile[]> {
  const found: NewDatasetFile[] = [];
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, absolute).split(path.sep).join('/');
    if (relative.split('/').some((part) => part.startsWith('.'))) continue;
    const stat = await fs.stat(absolute);
    found.push({
      filePath: relative,
      fileName: entry.name,
      fileType: fileTypeOf(entry.name),
      fileSize: stat.size,
    });
  }
  return found.sort((a, b) => a.filePath.localeCompare(b.filePath));
}
