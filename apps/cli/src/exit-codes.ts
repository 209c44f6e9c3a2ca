/** What `ficus` exits with; scripts may rely on these (README, "The ficus command"). */
export const EXIT = {
  OK: 0,
  /** Anything unexpected; the message says what. */
  FAILED: 1,
  /** The command line is wrong: unknown command or option, missing argument. */
  USAGE: 2,
  /** The admin API refused the change: a gate does not hold, or nothing to roll back to (409). */
  REFUSED: 3,
  /** No token, or a token the admin API does not accept (401, 403). */
  AUTH: 4,
  /** Nothing answers at the admin URL, or it is unavailable (503); for `infra status`, not running. */
  UNREACHABLE: 5,
  /** No such route (404). */
  NOT_FOUND: 6,
  /** The route cannot be served that way: no target, no cohort key... (422, 400). */
  INVALID: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
