export { operator, OPERATOR_NAME } from './operator';
export { converter } from './converter';
export type { RelationParams, RelationRule } from './params';
export type { RelationOutput, ExtractedRelation } from './output';
