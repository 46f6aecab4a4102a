/** The Label Studio result shapes this runtime writes (see labelstudio-format.md). */

export interface RegionResultBase {
  /** String id, `A-Za-z0-9_-`, unique within the prediction, stable for the same input. */
  readonly id: string;
  readonly from_name: string;
  readonly to_name: string;
  readonly score?: number;
  readonly origin?: 'prediction' | 'manual';
}

export interface RectangleLabelsResult extends RegionResultBase {
  readonly type: 'rectanglelabels';
  readonly original_width: number;
  readonly original_height: number;
  readonly image_rotation: number;
  readonly value: {
    /** Percent of the oriented image, 0-100, top-left corner. */
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly rotation: number;
    readonly rectanglelabels: readonly string[];
  };
}

export interface ChoicesResult extends RegionResultBase {
  readonly type: 'choices';
  readonly value: { readonly choices: readonly string[] };
}

export interface LabelsResult extends RegionResultBase {
  readonly type: 'labels';
  readonly value: {
    /** Offsets in Unicode code points, end exclusive. */
    readonly start: number;
    readonly end: number;
    readonly text: string;
    readonly labels: readonly string[];
  };
}

export interface RelationResult {
  readonly type: 'relation';
  readonly from_id: string;
  readonly to_id: string;
  readonly direction: 'right' | 'left' | 'bi';
  readonly labels: readonly string[];
}

export type LabelStudioResult =
  RectangleLabelsResult | ChoicesResult | LabelsResult | RelationResult;

/** One prediction as stored in `t_dm_annotation_results.result` and exported. */
export interface LabelStudioPrediction {
  readonly model_version: string;
  readonly score?: number;
  readonly result: readonly LabelStudioResult[];
}

/** One task of a Label Studio import file. */
export interface LabelStudioTask {
  readonly data: Record<string, unknown>;
  readonly predictions: readonly LabelStudioPrediction[];
  readonly meta?: Record<string, unknown>;
}
