/**
 * A problem that stops the whole load (a file that cannot be read at all, a missing
 * required file or column). The message is written for the person who made the
 * extract: it names the file and says what to fix. Nothing is changed when it is thrown.
 */
export class ExtractError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'ExtractError';
  }
}
