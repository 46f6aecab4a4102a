#!/usr/bin/env node
import 'reflect-metadata';
import dotenv from 'dotenv';
import { runCli } from './run-cli';

// An optional .env in the current folder fills variables the environment does not set.
dotenv.config({ quiet: true });

runCli(process.argv, { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  // Let pending writes (logs, output) flush: set the code instead of exiting at once.
  process.exitCode = code;
});
