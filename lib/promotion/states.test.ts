import { describe, expect, it } from 'vitest';
import { allowedActions, PROMOTION_STATUSES, transition, type PromotionEvent, type PromotionStatus } from './states';

const EVENTS: PromotionEvent[] = [
  { type: 'gates_requested' },
  { type: 'resubmitted' },
  { type: 'gates_finished', outcome: 'pass' },
  { type: 'gates_finished', outcome: 'fail' },
  { type: 'changes_requested' },
  { type: 'rejected' },
  { type: 'promoted' },
  { type: 'withdrawn' },
  { type: 'superseded' },
];
const label = (e: PromotionEvent) => (e.type === 'gates_finished' ? `finished:${e.outcome}` : e.type);

describe('promotion request transitions', () => {
  it('is this table, state by event (- where refused)', () => {
    const table = Object.fromEntries(
      PROMOTION_STATUSES.map((s) => [s, EVENTS.map((e) => { const t = transition(s, e); return `${label(e)}→${t.ok ? t.to : '-'}`; }).join(' ')]),
    );
    expect(table).toMatchInlineSnapshot(`
      {
        "changes_requested": "gates_requested→- resubmitted→gates_queued finished:pass→- finished:fail→- changes_requested→- rejected→- promoted→- withdrawn→withdrawn superseded→superseded",
        "gates_error": "gates_requested→gates_queued resubmitted→gates_queued finished:pass→- finished:fail→- changes_requested→changes_requested rejected→rejected promoted→- withdrawn→withdrawn superseded→superseded",
        "gates_failed": "gates_requested→gates_queued resubmitted→gates_queued finished:pass→- finished:fail→- changes_requested→changes_requested rejected→rejected promoted→- withdrawn→withdrawn superseded→superseded",
        "gates_queued": "gates_requested→- resubmitted→- finished:pass→in_review finished:fail→gates_failed changes_requested→- rejected→- promoted→- withdrawn→withdrawn superseded→-",
        "in_review": "gates_requested→gates_queued resubmitted→gates_queued finished:pass→- finished:fail→- changes_requested→changes_requested rejected→rejected promoted→promoted withdrawn→withdrawn superseded→-",
        "promoted": "gates_requested→- resubmitted→- finished:pass→- finished:fail→- changes_requested→- rejected→- promoted→- withdrawn→- superseded→-",
        "rejected": "gates_requested→- resubmitted→- finished:pass→- finished:fail→- changes_requested→- rejected→- promoted→- withdrawn→- superseded→-",
        "superseded": "gates_requested→- resubmitted→- finished:pass→- finished:fail→- changes_requested→- rejected→- promoted→- withdrawn→- superseded→-",
        "withdrawn": "gates_requested→- resubmitted→- finished:pass→- finished:fail→- changes_requested→- rejected→- promoted→- withdrawn→- superseded→-",
      }
    `);
  });

  it('lets the author fix or withdraw, a reviewer decide, and nobody act on a closed request', () => {
    const author = { id: 'u_a', roles: ['analyst', 'admin', 'reviewer'] };
    const reviewer = { id: 'u_r', roles: ['reviewer'] };
    const on = (status: PromotionStatus) => ({ authorId: 'u_a', status });
    expect(allowedActions(on('gates_failed'), author)).toEqual({ approve: false, reject: false, requestChanges: false, rerunGates: true, resubmit: true, withdraw: true });
    expect(allowedActions(on('in_review'), reviewer)).toEqual({ approve: true, reject: true, requestChanges: true, rerunGates: true, resubmit: false, withdraw: false });
    for (const closed of ['promoted', 'rejected', 'withdrawn', 'superseded'] as const) expect(Object.values(allowedActions(on(closed), author)).some(Boolean)).toBe(false);
  });
});
