/**
 * The life of a promotion request, as pure functions shared by the server (which appends the states)
 * and the pages (which show what a user may do). A request is open until it is promoted, rejected,
 * withdrawn by its author or superseded by a later request of the author to the same pipeline; while
 * it is open it is the only request of its artifact to its pipeline (a database constraint holds that).
 */
import type { Role } from '@/lib/auth/roles';

/** Who may take part in a request's discussion (comments); deciding needs a reviewer or steward. */
export const COMMENTERS = ['analyst', 'reviewer', 'steward'] as const satisfies readonly Role[];

export const PROMOTION_STATUSES = [
  'gates_queued',
  'gates_failed',
  'gates_error',
  'in_review',
  'changes_requested',
  'rejected',
  'promoted',
  'withdrawn',
  'superseded',
] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

export const CLOSED_STATUSES = ['rejected', 'promoted', 'withdrawn', 'superseded'] as const satisfies readonly PromotionStatus[];
export const OPEN_STATUSES = PROMOTION_STATUSES.filter((s): s is Exclude<PromotionStatus, (typeof CLOSED_STATUSES)[number]> => !(CLOSED_STATUSES as readonly string[]).includes(s));

export const isOpen = (status: PromotionStatus): boolean => !(CLOSED_STATUSES as readonly string[]).includes(status);

/** The states in which the request waits for its author: the gates failed or a reviewer sent it back. */
export const awaitsAuthor = (status: PromotionStatus): boolean => status === 'gates_failed' || status === 'gates_error' || status === 'changes_requested';

export type PromotionEvent =
  /** The gates are queued again (re-run), or for a new submission on the request. */
  | { type: 'gates_requested' }
  | { type: 'resubmitted' }
  | { type: 'gates_finished'; outcome: 'pass' | 'fail' | 'error' }
  | { type: 'changes_requested' }
  | { type: 'rejected' }
  /** The approval that completed the requirements. */
  | { type: 'promoted' }
  | { type: 'withdrawn' }
  /** The author submitted another experiment to the same pipeline while this one waited for them. */
  | { type: 'superseded' };

export type Transition = { ok: true; to: PromotionStatus } | { ok: false; reason: string };

const said = (status: PromotionStatus) => status.replaceAll('_', ' ');
const refuse = (status: PromotionStatus, what: string): Transition => ({ ok: false, reason: `the request is ${said(status)}: ${what}` });

/** Where `event` takes a request in `status`, or why it cannot happen there. */
export function transition(status: PromotionStatus, event: PromotionEvent): Transition {
  if (!isOpen(status)) return refuse(status, 'it is closed');
  switch (event.type) {
    case 'gates_requested':
      if (status === 'changes_requested') return refuse(status, 'it waits for its author to fix the submission or withdraw it');
      if (status === 'gates_queued') return refuse(status, 'the gates are already running for this request');
      return { ok: true, to: 'gates_queued' };
    case 'resubmitted':
      if (status === 'gates_queued') return refuse(status, 'the gates are already running for this request');
      return { ok: true, to: 'gates_queued' };
    case 'gates_finished':
      if (status !== 'gates_queued') return refuse(status, 'no gates were queued');
      return { ok: true, to: event.outcome === 'pass' ? 'in_review' : event.outcome === 'fail' ? 'gates_failed' : 'gates_error' };
    case 'changes_requested':
    case 'rejected':
      if (status === 'gates_queued') return refuse(status, 'wait for the gates');
      if (status === 'changes_requested') return refuse(status, 'it waits for its author');
      return { ok: true, to: event.type };
    case 'promoted':
      if (status !== 'in_review') return refuse(status, 'only a request in review can be approved');
      return { ok: true, to: 'promoted' };
    case 'withdrawn':
      return { ok: true, to: 'withdrawn' };
    case 'superseded':
      if (!awaitsAuthor(status)) return refuse(status, 'only a request waiting for its author is superseded');
      return { ok: true, to: 'superseded' };
    default: {
      const never: never = event;
      throw new Error(`unknown promotion event ${JSON.stringify(never)}`);
    }
  }
}

/** The transition or an error with its reason: for the server, which refuses with 409. */
export function nextStatus(status: PromotionStatus, event: PromotionEvent): PromotionStatus {
  const t = transition(status, event);
  if (!t.ok) throw new TransitionRefused(t.reason);
  return t.to;
}

export class TransitionRefused extends Error {
  override name = 'TransitionRefused';
}

type Actor = { id: string; roles: readonly string[] };
type RequestLike = { authorId: string; status: PromotionStatus };

export const DECIDER_ROLES = ['reviewer', 'steward'] as const;
export const isDecider = (user: Actor): boolean => DECIDER_ROLES.some((role) => user.roles.includes(role));

/** Why `user` may not approve, reject or send back `request`; null when they may (in its status). */
export function cannotDecide(request: RequestLike, user: Actor): string | null {
  if (request.authorId === user.id) return 'You submitted this request: the author can never approve or decide it.';
  if (!isDecider(user)) return 'Deciding needs the reviewer or steward role.';
  return null;
}

/** What `user` may do on `request` now: the buttons a page shows and the checks the server makes. */
export function allowedActions(request: RequestLike, user: Actor) {
  const { status } = request;
  const decider = cannotDecide(request, user) === null;
  const author = request.authorId === user.id;
  return {
    approve: decider && transition(status, { type: 'promoted' }).ok,
    reject: decider && transition(status, { type: 'rejected' }).ok,
    requestChanges: decider && transition(status, { type: 'changes_requested' }).ok,
    rerunGates: (author || isDecider(user)) && transition(status, { type: 'gates_requested' }).ok,
    resubmit: author && transition(status, { type: 'resubmitted' }).ok,
    withdraw: author && transition(status, { type: 'withdrawn' }).ok,
  };
}

/** A person's words for a status, and whether it reads as good, waiting or bad. */
export const STATUS_TONE: Record<PromotionStatus, 'ok' | 'pending' | 'bad' | 'muted'> = {
  gates_queued: 'pending',
  gates_failed: 'bad',
  gates_error: 'bad',
  in_review: 'pending',
  changes_requested: 'pending',
  rejected: 'bad',
  promoted: 'ok',
  withdrawn: 'muted',
  superseded: 'muted',
};
export const statusLabel = said;
