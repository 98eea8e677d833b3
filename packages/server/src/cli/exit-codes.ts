/** Exit codes of the `truceline` CLI, documented in the README so scripts can branch on them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  unavailable: 5,
  /** A verification failed: the log or a record was tampered with, rolled back or split. */
  tampered: 6,
} as const;

/** An error that ends the CLI with a specific exit code and a message for the person at the terminal. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
