import { ErrorCodes, RuntimeError } from '../errors';

/** A Label Studio server refused a request, answered something unexpected or was unreachable. */
export class LabelStudioError extends RuntimeError {
  constructor(
    message: string,
    /** HTTP status of the answer; undefined when no answer came. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(ErrorCodes.LABEL_STUDIO, message, options);
  }
}
