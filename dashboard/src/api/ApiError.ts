/** An API request that failed, with a message a user can act on (never a stack trace). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Turns a failed response into an ApiError, using the server's JSON `{ error }` when there is one. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let detail = '';
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') detail = body.error;
  } catch {
    // Not JSON: fall back to the status text below.
  }
  const what =
    res.status === 404 ? 'Not found' : res.status === 400 ? 'The request was not valid' : res.status === 401 || res.status === 403 ? 'Not allowed' : 'The server could not answer';
  return new ApiError(detail ? `${what}: ${detail}` : `${what} (HTTP ${res.status}).`, res.status);
}
