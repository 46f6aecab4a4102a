import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { runHost } from './run-host';

/**
 * A bare host process configured only by environment variables, for tests and scripts that
 * start and kill hosts (`node runtime/dist/process/host-entry.js`). People use `autoannotate host`.
 */
runHost(loadConfig()).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `host failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
