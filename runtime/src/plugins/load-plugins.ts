import path from 'node:path';
import { ErrorCodes, type ErrorCode } from '../errors';
import { ManifestError } from '../errors/errors';
import type { Logger } from '../logging/logger';
import type { ConverterPlugin, OperatorPlugin } from '../contracts';
import { entryName, readManifest, type ManifestEntry } from './manifest';
import { converterProblems, operatorProblems } from './plugin-shapes';
import { PluginRegistry, type PluginOrigin } from './plugin-registry';

type Kind = 'operator' | 'converter';

/**
 * Loads and checks every plugin of the manifest. The first problem stops the host with an
 * error naming the plugin, the file and what is wrong; nothing is claimed before this passes.
 */
export function loadPlugins(manifestFile: string, logger: Logger): PluginRegistry {
  const manifest = readManifest(manifestFile);
  const baseDir = path.dirname(manifestFile);

  const operators = loadAll(manifest.operators, 'operator', baseDir, manifestFile, {
    problems: operatorProblems,
    key: (plugin: OperatorPlugin) => plugin.spec.name,
    clash: (name, other) => `operator name "${name}" is already registered by ${other}`,
  });
  const converters = loadAll(manifest.converters, 'converter', baseDir, manifestFile, {
    problems: converterProblems,
    key: (plugin: ConverterPlugin) => plugin.spec.taskType,
    clash: (taskType, other) => `task type "${taskType}" already has a converter from ${other}`,
  });

  logger.info(
    {
      operators: [...operators.keys()],
      converters: [...converters.keys()],
      manifest: manifestFile,
    },
    'plugins loaded',
  );
  return new PluginRegistry(operators, converters);
}

interface KindRules<P> {
  /** What is wrong with an export's shape; empty when it fits the contract. */
  problems(value: unknown): string[];
  /** The name the plugin is registered under (operator name, converter task type). */
  key(plugin: P): string;
  clash(key: string, otherEntry: string): string;
}

/** Loads, checks and registers every entry of one kind, refusing duplicates. */
function loadAll<P>(
  entries: readonly ManifestEntry[],
  kind: Kind,
  baseDir: string,
  manifestFile: string,
  rules: KindRules<P>,
): Map<string, { plugin: P; origin: PluginOrigin }> {
  const loaded = new Map<string, { plugin: P; origin: PluginOrigin }>();
  for (const entry of entries) {
    const { value, file } = loadExport(entry, kind, baseDir, manifestFile);
    const problems = rules.problems(value);
    if (problems.length > 0)
      fail(ErrorCodes.PLUGIN_SHAPE_INVALID, manifestFile, entry, file, problems.join('; '));
    const plugin = value as P;
    const key = rules.key(plugin);
    const existing = loaded.get(key);
    if (existing)
      fail(
        ErrorCodes.PLUGIN_DUPLICATE,
        manifestFile,
        entry,
        file,
        rules.clash(key, existing.origin.entry),
      );
    loaded.set(key, { plugin, origin: { entry: entryName(entry), file } });
  }
  return loaded;
}

function loadExport(
  entry: ManifestEntry,
  kind: Kind,
  baseDir: string,
  manifestFile: string,
): { value: unknown; file: string } {
  const request = entry.package ?? path.resolve(baseDir, entry.path ?? '');
  let file: string;
  try {
    file = require.resolve(request, { paths: [baseDir] });
  } catch (error) {
    return fail(
      ErrorCodes.PLUGIN_NOT_FOUND,
      manifestFile,
      entry,
      request,
      entry.package
        ? 'package not found (is it under operators/ and installed with npm install, and built?)'
        : 'folder or file not found',
      error,
    );
  }

  let module: Record<string, unknown>;
  try {
    module = require(file) as Record<string, unknown>;
  } catch (error) {
    return fail(
      ErrorCodes.PLUGIN_SHAPE_INVALID,
      manifestFile,
      entry,
      file,
      `loading it threw: ${(error as Error).message}`,
      error,
    );
  }

  const exportName = entry.export ?? kind;
  const value = module[exportName] ?? (entry.export ? undefined : module.default);
  if (value === undefined) {
    const found = Object.keys(module).join(', ') || 'nothing';
    return fail(
      ErrorCodes.PLUGIN_EXPORT_MISSING,
      manifestFile,
      entry,
      file,
      `no export "${exportName}"${entry.export ? '' : ' (or default)'}; it exports: ${found}`,
    );
  }
  return { value, file };
}

function fail(
  code: ErrorCode,
  manifestFile: string,
  entry: ManifestEntry,
  file: string,
  problem: string,
  cause?: unknown,
): never {
  throw new ManifestError(
    code,
    `plugin "${entryName(entry)}" (${file}, listed in ${manifestFile}): ${problem}`,
    { cause },
  );
}
