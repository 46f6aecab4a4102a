export * from './region-ids';
export * from './label-config';
