/**
 * A failure the user can act on: printed as `switchboard: <message>` (no stack), exit code 1. Usage
 * mistakes exit 2 and print the usage too.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'CliError'
  }
}

/** The command line itself is wrong (unknown command, missing argument, bad flag): exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2)
    this.name = 'UsageError'
  }
}
