import fs from 'node:fs';
import { z } from 'zod';
import { ErrorCodes } from '../errors';
import { ManifestError } from '../errors/errors';

/**
 * plugins.json: which operator and converter packages the host loads. An entry names an npm
 * package (resolved from the manifest's folder, so workspace packages under operators/ work)
 * or a folder path relative to the manifest; `export` picks a named export other than the
 * default `operator` / `converter`.
 */
const entrySchema = z.union([
  z
    .string()
    .min(1)
    .transform((pkg) => ({
      package: pkg as string | undefined,
      path: undefined as string | undefined,
      export: undefined as string | undefined,
    })),
  z
    .object({
      package: z.string().min(1).optional(),
      path: z.string().min(1).optional(),
      export: z.string().min(1).optional(),
    })
    .strict()
    .refine(
      (e) => Boolean(e.package) !== Boolean(e.path),
      'give exactly one of "package" or "path"',
    ),
]);

const manifestSchema = z
  .object({
    operators: z.array(entrySchema),
    converters: z.array(entrySchema).default([]),
  })
  .strict();

export type ManifestEntry = z.output<typeof entrySchema>;
export type Manifest = z.output<typeof manifestSchema>;

export function readManifest(file: string): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ManifestError(
      ErrorCodes.MANIFEST_INVALID,
      `${file}: cannot read the plugin manifest`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(
      ErrorCodes.MANIFEST_INVALID,
      `${file}: not valid JSON (${(error as Error).message})`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new ManifestError(
      ErrorCodes.MANIFEST_INVALID,
      `${file}: field ${where}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** How an entry is called in messages: its package name or its path. */
export function entryName(entry: ManifestEntry): string {
  return entry.package ?? entry.path ?? '(unnamed)';
}
