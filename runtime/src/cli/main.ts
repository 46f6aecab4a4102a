#!/usr/bin/env node
import 'reflect-metadata';
import dotenv from 'dotenv';
import { runCli } from './run-cli';

// An optional .env in the current folder fills variables the environment does not set.
dotenv.config({ quiet: true });

// A reader that stops reading (`autoannotate status | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

/** Time the process may take to end by itself once the command is done (logs flush meanwhile). */
const EXIT_GRACE_MS = 5000;

runCli(process.argv, { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  // Let pending writes (logs, output) flush: set the code instead of exiting at once.
  process.exitCode = code;
  // A plugin that leaves a thread or socket open must not keep a drained host alive forever.
  setTimeout(() => {
    process.stderr.write(
      "autoannotate: the command ended but something (a plugin's thread or socket?) " +
        'still held the process; exiting\n',
    );
    process.exit(code);
  }, EXIT_GRACE_MS).unref();
});
