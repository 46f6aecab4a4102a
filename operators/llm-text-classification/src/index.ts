export { operator, OPERATOR_NAME } from './operator';
export { converter, CHOICES_CONTROL_NAME } from './converter';
export type { ClassificationParams } from './params';
export type { ClassificationOutput } from './output';
