import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The version in this package's package.json, so the spec never drifts from the release. */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
