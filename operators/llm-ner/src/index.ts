export { operator, OPERATOR_NAME } from './operator';
export { converter } from './converter';
export type { NerParams } from './params';
export type { NerOutput } from './output';
