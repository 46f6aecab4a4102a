import path from 'node:path';
import { ErrorCodes, type ErrorCode } from '../errors';
import { ManifestError } from '../errors/errors';
import type { Logger } from '../logging/logger';
import type { ConverterPlugin, OperatorPlugin } from '../contracts';
import { entryName, readManifest, type ManifestEntry } from './manifest';
import { converterProblems, operatorProblems } from './plugin-shapes';
import { PluginRegistry, type LoadedConverter, type LoadedOperator } from './plugin-registry';

type Kind = 'operator' | 'converter';

/**
 * Loads and checks every plugin of the manifest. The first problem stops the host with an
 * error naming the plugin, the file and what is wrong; nothing is claimed before this passes.
 */
export function loadPlugins(manifestFile: string, logger: Logger): PluginRegistry {
  const manifest = readManifest(manifestFile);
  const baseDir = path.dirname(manifestFile);

  const operators = new Map<string, LoadedOperator>();
  for (const entry of manifest.operators) {
    const { value, file } = loadExport(entry, 'operator', baseDir, manifestFile);
    const problems = operatorProblems(value);
    if (problems.length > 0) fail(ErrorCodes.PLUGIN_SHAPE_INVALID, manifestFile, entry, file, problems.join('; '));
    const plugin = value as OperatorPlugin;
    const existing = operators.get(plugin.spec.name);
    if (existing) {
      fail(ErrorCodes.PLUGIN_DUPLICATE, manifestFile, entry, file,
        `operator name "${plugin.spec.name}" is already registered by ${existing.origin.entry}`);
    }
    operators.set(plugin.spec.name, { plugin, origin: { entry: entryName(entry), file } });
  }

  const converters = new Map<string, LoadedConverter>();
  for (const entry of manifest.converters) {
    const { value, file } = loadExport(entry, 'converter', baseDir, manifestFile);
    const problems = converterProblems(value);
    if (problems.length > 0) fail(ErrorCodes.PLUGIN_SHAPE_INVALID, manifestFile, entry, file, problems.join('; '));
    const plugin = value as ConverterPlugin;
    const existing = converters.get(plugin.spec.taskType);
    if (existing) {
      fail(ErrorCodes.PLUGIN_DUPLICATE, manifestFile, entry, file,
        `task type "${plugin.spec.taskType}" already has a converter from ${existing.origin.entry}`);
    }
    converters.set(plugin.spec.taskType, { plugin, origin: { entry: entryName(entry), file } });
  }

  logger.info(
    { operators: [...operators.keys()], converters: [...converters.keys()], manifest: manifestFile },
    'plugins loaded',
  );
  return new PluginRegistry(operators, converters);
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
    return fail(ErrorCodes.PLUGIN_NOT_FOUND, manifestFile, entry, request,
      entry.package
        ? 'package not found (is it under operators/ and installed with npm install, and built?)'
        : 'folder or file not found', error);
  }

  let module: Record<string, unknown>;
  try {
    module = require(file) as Record<string, unknown>;
  } catch (error) {
    return fail(ErrorCodes.PLUGIN_SHAPE_INVALID, manifestFile, entry, file,
      `loading it threw: ${(error as Error).message}`, error);
  }

  const exportName = entry.export ?? kind;
  const value = module[exportName] ?? (entry.export ? undefined : module.default);
  if (value === undefined) {
    const found = Object.keys(module).join(', ') || 'nothing';
    return fail(ErrorCodes.PLUGIN_EXPORT_MISSING, manifestFile, entry, file,
      `no export "${exportName}"${entry.export ? '' : ' (or default)'}; it exports: ${found}`);
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
  throw new ManifestError(code, `plugin "${entryName(entry)}" (${file}, listed in ${manifestFile}): ${problem}`, { cause });
}
