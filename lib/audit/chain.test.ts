import { describe, expect, it } from 'vitest';
import { chainHash, GENESIS_HASH, jsonForm, leafHash, verifyChain, type AuditEventContent, type StoredAuditEvent } from './chain';

const at = (ms: number) => new Date(Date.UTC(2025, 0, 2, 3, 4, 5) + ms);

/** A correctly chained log of `n` events after `unchained` events written before the chain began. */
function chain(n: number, unchained = 0): StoredAuditEvent[] {
  const events: StoredAuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= unchained + n; seq++) {
    const content: AuditEventContent = {
      seq,
      occurredAt: at(seq),
      actorId: seq % 3 === 0 ? null : `u_${seq % 2}`,
      action: seq % 2 ? 'notebook.saved' : 'experiment.recorded',
      objectType: 'notebook',
      objectId: `nb_${seq}`,
      details: { revision: seq, note: 'ünïcode ✓' },
    };
    if (seq <= unchained) {
      events.push({ ...content, prevHash: null, hash: null });
      continue;
    }
    const hash = chainHash(prev, leafHash(content));
    events.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

describe('the audit hash chain', () => {
  it('hashes exactly the documented bytes (vector computed independently with Python hashlib and json.dumps)', () => {
    const event: AuditEventContent = {
      seq: 1,
      occurredAt: new Date('2025-01-02T03:04:05.678Z'),
      actorId: 'u_1',
      action: 'notebook.created',
      objectType: 'notebook',
      objectId: 'nb_1',
      details: { title: 'Repeat buyers', b: [1, 2.5, null, true] },
    };
    const leaf = leafHash(event);
    expect(leaf).toBe('3399a23744125f69920dddefbd019dd8219f8f5a7f6217c5727577d5e5033115');
    expect(chainHash(GENESIS_HASH, leaf)).toBe('d4135f61ec1a968b9f3faed00383dabe11bebcd09b7286150de672a587aa8e19');
  });

  it('does not depend on the key order of the details', () => {
    const base = chain(1)[0]!;
    expect(leafHash({ ...base, details: { note: 'ünïcode ✓', revision: 1 } })).toBe(leafHash(base));
  });

  it('keeps of the details what jsonb keeps', () => {
    expect(jsonForm({ a: undefined, b: new Date('2025-01-02T03:04:05.678Z'), c: -0, d: [undefined] })).toEqual({ b: '2025-01-02T03:04:05.678Z', c: 0, d: [null] });
  });

  it('verifies an intact chain and an empty one', () => {
    const events = chain(5);
    expect(verifyChain(events)).toEqual({ ok: true, count: 5, head: events[4]!.hash, unchained: 0 });
    expect(verifyChain([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH, unchained: 0 });
  });

  it('counts a leading run without hashes as written before the chain began', () => {
    const events = chain(3, 2);
    expect(verifyChain(events)).toEqual({ ok: true, count: 5, head: events[4]!.hash, unchained: 2 });
    expect(verifyChain(chain(0, 4))).toEqual({ ok: true, count: 4, head: GENESIS_HASH, unchained: 4 });
  });

  it.each([
    ['a changed detail', (e: StoredAuditEvent[]) => (e[2] = { ...e[2]!, details: { ...e[2]!.details, revision: 30 } }), 3, 'its content does not match its hash'],
    ['a changed action', (e: StoredAuditEvent[]) => (e[2] = { ...e[2]!, action: 'notebook.savee' }), 3, 'its content does not match its hash'],
    ['a changed time', (e: StoredAuditEvent[]) => (e[2] = { ...e[2]!, occurredAt: at(3 + 1) }), 3, 'its content does not match its hash'],
    ['a changed actor', (e: StoredAuditEvent[]) => (e[1] = { ...e[1]!, actorId: 'u_9' }), 2, 'its content does not match its hash'],
    ['a changed hash', (e: StoredAuditEvent[]) => (e[2] = { ...e[2]!, hash: 'f'.repeat(64) }), 3, 'its content does not match its hash'],
    ['a deleted middle entry', (e: StoredAuditEvent[]) => e.splice(2, 1), 4, 'its prev_hash does not match the hash of the entry before it'],
    ['a deleted first entry', (e: StoredAuditEvent[]) => e.splice(0, 1), 2, 'it is the first chained entry, but its prev_hash is not the genesis hash (entries before it are missing or were unhashed)'],
    ['an erased hash after chained entries', (e: StoredAuditEvent[]) => (e[3] = { ...e[3]!, hash: null, prevHash: null }), 4, 'it has no hash, but entries before it are chained'],
    ['an erased hash with its prev_hash left', (e: StoredAuditEvent[]) => (e[3] = { ...e[3]!, hash: null }), 4, 'it has a prev_hash but no hash'],
    ['two entries swapped', (e: StoredAuditEvent[]) => ([e[1], e[2]] = [e[2]!, e[1]!]), 3, 'its prev_hash does not match the hash of the entry before it'],
    ['an entry repeated', (e: StoredAuditEvent[]) => e.push(e[5]!), 6, 'it is out of order (seq 6 after 6)'],
  ])('names the first broken entry: %s', (_, tamper, brokenAt, reason) => {
    const events = chain(6);
    tamper(events);
    const verdict = verifyChain(events);
    expect(verdict).toMatchObject({ ok: false, brokenAt, reason });
  });

  it('reports how many entries verified before the break', () => {
    const events = chain(6);
    events[4] = { ...events[4]!, objectId: 'nb_other' };
    expect(verifyChain(events)).toEqual({ ok: false, count: 4, brokenAt: 5, reason: 'its content does not match its hash' });
  });

  it('cannot be fooled by recomputing one entry: the next one no longer links to it', () => {
    const events = chain(5);
    const forged = { ...events[1]!, details: { revision: 99 } };
    events[1] = { ...forged, hash: chainHash(forged.prevHash!, leafHash(forged)) };
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 3, reason: 'its prev_hash does not match the hash of the entry before it' });
  });
});
