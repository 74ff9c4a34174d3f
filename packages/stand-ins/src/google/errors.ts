/** The Google API status name for an HTTP status, as in `error.status` of the envelope. */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  412: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const DEFAULTS: Readonly<Record<number, { message: string; reason: string }>> = {
  400: { message: 'Bad Request', reason: 'badRequest' },
  401: { message: 'Login Required.', reason: 'required' },
  403: { message: 'Not Authorized to access this resource/api', reason: 'forbidden' },
  404: { message: 'Resource Not Found: userKey', reason: 'notFound' },
  409: { message: 'Entity already exists.', reason: 'duplicate' },
  429: { message: 'Quota exceeded for quota metric.', reason: 'rateLimitExceeded' },
  500: { message: 'Internal error encountered.', reason: 'backendError' },
  503: { message: 'The service is currently unavailable.', reason: 'backendError' },
};

/** Google's JSON error envelope: `{error:{code, message, errors:[{message, domain, reason}], status}}`. */
export function googleErrorBody(status: number, message?: string, reason?: string) {
  const known = DEFAULTS[status];
  const text = message ?? known?.message ?? 'Request failed.';
  return {
    error: {
      code: status,
      message: text,
      errors: [{ message: text, domain: 'global', reason: reason ?? known?.reason ?? 'unknown' }],
      status: STATUS_NAMES[status] ?? 'UNKNOWN',
    },
  };
}
