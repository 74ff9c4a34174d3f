/**
 * A Slack Web API call that did not succeed. `code` is Slack's own error (`channel_not_found`,
 * `invalid_blocks`, `msg_too_long`, …) for refusals, `ratelimited` when 429s outlasted the
 * retries, `timeout`, `http_<status>` or `request_failed` for transport failures, and
 * `invalid_response` when Slack's answer lacked what the method promises.
 */
export class SlackApiError extends Error {
  readonly method: string;
  readonly code: string;
  /** Seconds Slack asked us to wait, when it rate-limited the last attempt. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    method: string,
    code: string,
    options?: ErrorOptions & { retryAfterSeconds?: number },
  ) {
    super(`Slack ${method} failed: ${code}`, options);
    this.name = 'SlackApiError';
    this.method = method;
    this.code = code;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}
