export { operator } from './operator';
export { converter } from './converter';
export type { DetectionBox, DetectionOutput } from './output';
export type { DetectionParams } from './params';
