/**
 * An error whose message is safe to show to the person who made the request. Anything
 * else that goes wrong is logged on the server and answered with a generic message, so
 * SQL, file paths and stack traces never reach a browser.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
export const unavailable = (message: string) => new HttpError(503, message);
