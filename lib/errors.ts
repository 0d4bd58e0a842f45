/** One error contract for every edge: a stable machine-readable code and a message for a person. */
export const ERROR_STATUS = {
  bad_request: 400,
  invalid_body: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  revision_conflict: 409,
  conflict: 409,
  /** An approval for evidence (artifact, gate run) that is no longer the request's current one. */
  stale_evidence: 409,
  /** Production moved since the request was made, or since the caller last looked. */
  stale_version: 409,
  /** An artifact that cannot be submitted for promotion (not reproducible, checks failing, …). */
  not_submittable: 422,
  /** A share link that was revoked or has expired: it existed, and never will work again. */
  gone: 410,
  payload_too_large: 413,
  /** A body that is not `application/json` (a cross-site form can only send form or text types). */
  unsupported_media_type: 415,
  /** Sign-in attempts over the limit for the address or the account; `retry-after` says when. */
  too_many_requests: 429,
  /** A unique key already taken (a pipeline name, …); `details.field` names it. */
  already_exists: 409,
  /** A source database refused or failed (unreachable, wrong password, missing table); its own message. */
  source_error: 502,
  /** Codes of verifyArtifact (lib/artifact/id.ts), passed through unchanged. */
  artifact_invalid: 422,
  artifact_unknown_format: 422,
  artifact_hash_mismatch: 422,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };
