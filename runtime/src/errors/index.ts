export * from './runtime-error';
export * from './errors';
