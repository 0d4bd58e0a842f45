import 'server-only';

/** Failed sign-ins per account before the account refuses every attempt — the right password too —
 * until the window has passed. Addresses are limited separately, by Better Auth (auth.ts). */
export const ACCOUNT_FAILURES = { max: 10, windowMs: 15 * 60_000 } as const;

type Window = { failures: number; resetsAt: number };

/**
 * Per-account failure counts, in this process's memory: one Assay process serves one data directory
 * (the embedded database is locked), and a restart forgetting the counts is the accepted cost. The
 * price of any per-account limit is that a guesser can lock an account out for the window; the
 * account's owner sees the retry time, and nothing else of the account is touched.
 */
export class SignInLimit {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: { max: number; windowMs: number } = ACCOUNT_FAILURES,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the account accepts attempts again, or 0 when it does now. */
  retryAfterSeconds(email: string): number {
    const window = this.current(email);
    return window && window.failures >= this.limit.max ? Math.ceil((window.resetsAt - this.now()) / 1000) : 0;
  }

  recordFailure(email: string): void {
    const key = normalize(email);
    const window = this.current(email) ?? { failures: 0, resetsAt: this.now() + this.limit.windowMs };
    window.failures += 1;
    this.windows.set(key, window);
  }

  recordSuccess(email: string): void {
    this.windows.delete(normalize(email));
  }

  private current(email: string): Window | undefined {
    const key = normalize(email);
    const window = this.windows.get(key);
    if (window && window.resetsAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}

const normalize = (email: string) => email.trim().toLowerCase();
