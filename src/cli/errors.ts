/**
 * The CLI's two kinds of failure: what the user can fix (a bad flag, a missing file: exit code 2, one line,
 * no stack trace) and everything else (exit code 1).
 */

/** A mistake in the command line, the config file or the data it names. `dendrite` exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = 2;
}
