import { FicusError } from '@ficus/core';

/** A FicusError the admin API answers with a given HTTP status (RFC 9457 problem body). */
export class AdminError extends FicusError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown; retriable?: boolean } = {},
  ) {
    super(code, message, options);
  }
}

/** 401 with the RFC 6750 challenge a client needs to know how to authenticate. */
export class AdminAuthError extends AdminError {
  constructor(
    code: string,
    message: string,
    /** RFC 6750 section 3.1 error code, absent when no credentials were sent at all. */
    readonly bearerError?: 'invalid_request' | 'invalid_token',
  ) {
    super(401, code, message);
  }
}
