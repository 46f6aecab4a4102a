import { ErrorCodes, RuntimeError } from '../errors';

/** A command was called with arguments or options that cannot work together or do not parse. */
export class UsageError extends RuntimeError {
  constructor(message: string) {
    super(ErrorCodes.USAGE, message);
  }
}
