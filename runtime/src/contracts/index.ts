export * from './operator';
export * from './converter';
export * from './label-studio';
export * from './model-config';
