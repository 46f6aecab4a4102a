import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCodes, loadPlugins, silentLogger } from '@autoannotate/runtime';
import { fixturesDir } from '../helpers/paths';
import { tempDir } from '../helpers/temp';

function manifest(content: unknown): string {
  const file = path.join(tempDir(), 'plugins.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const fixture = (name: string) => ({ path: path.join(fixturesDir, 'operators', name) });

function assertRefused(file: string, code: string, ...fragments: RegExp[]): void {
  assert.throws(
    () => loadPlugins(file, silentLogger()),
    (error: Error & { code?: string }) => {
      assert.equal(error.code, code, error.message);
      for (const fragment of fragments) assert.match(error.message, fragment);
      return true;
    },
  );
}

describe('plugin manifest', () => {
  it('loads an operator and its converter from a package folder', () => {
    const registry = loadPlugins(
      manifest({ operators: [fixture('echo-text')], converters: [fixture('echo-text')] }),
      silentLogger(),
    );
    assert.deepEqual([...registry.operators.keys()], ['echo-text']);
    assert.deepEqual([...registry.converters.keys()], ['echo']);
    assert.equal(registry.operator('echo-text').spec.version, '1.0.0');
  });

  it('loads the workspace operators listed in the project plugins.json', () => {
    const projectManifest = path.resolve(fixturesDir, '..', '..', 'plugins.json');
    const registry = loadPlugins(projectManifest, silentLogger());
    assert.ok(registry.operators.has('object-detection'));
    assert.ok(registry.converters.has('object-detection'));
    for (const taskType of ['text-classification', 'ner', 'relation-extraction']) {
      assert.ok(registry.converters.has(taskType), taskType);
    }
  });

  it('refuses an unknown package, naming it', () => {
    assertRefused(
      manifest({ operators: ['@autoannotate/no-such-operator'] }),
      ErrorCodes.PLUGIN_NOT_FOUND,
      /plugin "@autoannotate\/no-such-operator"/,
      /package not found/,
      /plugins\.json/,
    );
  });

  it('refuses a package without the operator export, listing what it exports', () => {
    assertRefused(
      manifest({ operators: [fixture('missing-export')] }),
      ErrorCodes.PLUGIN_EXPORT_MISSING,
      /missing-export/,
      /index\.js/,
      /no export "operator" \(or default\); it exports: helper/,
    );
  });

  it('refuses an operator of the wrong shape, naming each broken member', () => {
    assertRefused(
      manifest({ operators: [fixture('wrong-shape')] }),
      ErrorCodes.PLUGIN_SHAPE_INVALID,
      /wrong-shape/,
      /spec\.inputKinds must be/,
      /spec\.parseParams must be a function/,
      /create must be a function/,
      /dispose must be a function when present/,
    );
  });

  it('refuses a package that throws while loading, with its message', () => {
    assertRefused(
      manifest({ operators: [fixture('throws-on-load')] }),
      ErrorCodes.PLUGIN_SHAPE_INVALID,
      /throws-on-load/,
      /loading it threw: model folder \/nowhere is missing/,
    );
  });

  it('refuses two operators with the same name', () => {
    assertRefused(
      manifest({ operators: [fixture('echo-text'), fixture('echo-text')] }),
      ErrorCodes.PLUGIN_DUPLICATE,
      /operator name "echo-text" is already registered/,
    );
  });

  it('refuses two converters for the same task type', () => {
    assertRefused(
      manifest({ operators: [], converters: [fixture('echo-text'), fixture('echo-text')] }),
      ErrorCodes.PLUGIN_DUPLICATE,
      /task type "echo" already has a converter/,
    );
  });

  it('refuses a manifest that is not JSON or has unknown fields, naming the field', () => {
    assertRefused(manifest('{ "operators": [ '), ErrorCodes.MANIFEST_INVALID, /not valid JSON/);
    assertRefused(
      manifest({ operators: [], extras: 1 }),
      ErrorCodes.MANIFEST_INVALID,
      /field \(root\)|extras/,
    );
    assertRefused(
      manifest({ operators: [{ package: 'a', path: 'b' }] }),
      ErrorCodes.MANIFEST_INVALID,
      /field operators\.0/,
      /exactly one of "package" or "path"/,
    );
  });
});
