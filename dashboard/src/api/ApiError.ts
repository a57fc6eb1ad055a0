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

/** The sign-in page, coming back to this view afterwards. */
export const signInUrl = (expired = false) =>
  `/auth/login?next=${encodeURIComponent(location.pathname + location.search)}${expired ? '&expired' : ''}`;

/** Set once the first 401 has sent the browser to the sign-in page. */
let leavingForSignIn = false;

/**
 * Turns a failed response into an ApiError, using the server's JSON `{ error }` when there
 * is one. A 401 means the session has ended: the browser goes to the sign-in page, which
 * brings the user back to the same view.
 */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let detail = '';
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') detail = body.error;
  } catch {
    // Not JSON: fall back to the status text below.
  }
  if (res.status === 401 && typeof location !== 'undefined') {
    // A page sends several requests at once and each finds the session gone; a second
    // navigation would cancel the first, so only the first 401 leaves for the sign-in page.
    if (!leavingForSignIn) {
      leavingForSignIn = true;
      location.assign(signInUrl(true));
    }
    return new ApiError('Your session has ended. Taking you to the sign-in page…', 401);
  }
  const what =
    res.status === 404
      ? 'Not found'
      : res.status === 400
        ? 'The request was not valid'
        : res.status === 403
          ? 'Not allowed for your account'
          : res.status === 413
            ? 'Too large'
            : res.status === 503
              ? 'The server is busy or not ready'
              : 'The server could not answer';
  return new ApiError(detail ? `${what}: ${detail}` : `${what} (HTTP ${res.status}).`, res.status);
}
