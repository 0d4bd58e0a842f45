import { describe, expect, it } from 'vitest';
import type { Cell } from '@/lib/notebook/schema';
import type { SandboxSpec } from '@/lib/synth/spec';
import { clearDraft, draftDiffers, loadDraft, saveDraft, type Draft, type DraftStorage } from './drafts';

/** Stands in for IndexedDB, which stores a structured clone of what it is given. */
function memoryStorage(): DraftStorage & { entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  return {
    entries,
    get: async (key) => structuredClone(entries.get(key)),
    set: async (key, value) => void entries.set(key, structuredClone(value)),
    del: async (key) => void entries.delete(key),
  };
}

const sql = (source: string, name = 'answer'): Cell => ({ id: 'c1', kind: 'sql', name, source });
const sandbox: SandboxSpec = { kind: 'synthetic', generatorVersion: 1, seed: 3, rows: { orders: 10 } };
const draft: Draft = { baseRevision: 4, cells: [sql('select 42 as answer')], sandbox, savedAt: new Date('2025-05-01T10:00:00Z') };

describe('notebook drafts', () => {
  it('gives back a saved draft until it is cleared', async () => {
    const storage = memoryStorage();
    expect(await loadDraft('nb_1', storage)).toBeNull();
    await saveDraft('nb_1', draft, storage);
    expect(await loadDraft('nb_1', storage)).toEqual(draft);
    expect(await loadDraft('nb_2', storage)).toBeNull();
    await clearDraft('nb_1', storage);
    expect(await loadDraft('nb_1', storage)).toBeNull();
  });

  it('keeps a draft whose model name the server would refuse, since that is the edit not yet saved', async () => {
    const storage = memoryStorage();
    const unsaved = { ...draft, cells: [sql('select 1', ''), { ...sql('select 2', ''), id: 'c2' }] };
    await saveDraft('nb_1', unsaved, storage);
    expect(await loadDraft('nb_1', storage)).toEqual(unsaved);
  });

  it.each([
    ['not an object', 'garbage'],
    ['a missing base revision', { ...draft, baseRevision: undefined }],
    ['a cell of an unknown kind', { ...draft, cells: [{ id: 'c1', kind: 'python', source: 'print(1)' }] }],
    ['a sandbox from an unknown generator', { ...draft, sandbox: { ...sandbox, generatorVersion: 99 } }],
    ['a save time that is not a date', { ...draft, savedAt: '2025-05-01' }],
  ])('drops a stored draft with %s instead of offering it', async (_case, stored) => {
    const storage = memoryStorage();
    storage.entries.set('nb_1', stored);
    expect(await loadDraft('nb_1', storage)).toBeNull();
    expect(storage.entries.has('nb_1')).toBe(false);
  });

  it('offers a draft only when restoring it would change the cells or the sandbox', () => {
    const server = { revision: 4, cells: [sql('select 42 as answer')], sandbox };
    expect(draftDiffers(draft, server)).toBe(false);
    expect(draftDiffers(draft, { ...server, revision: 6 })).toBe(false);
    expect(draftDiffers(draft, { ...server, cells: [sql('select 41 as answer')] })).toBe(true);
    expect(draftDiffers(draft, { ...server, sandbox: null })).toBe(true);
    expect(draftDiffers(draft, { ...server, cells: [] })).toBe(true);
  });

  it('ignores key order and absent optional fields, as the server stores cells in jsonb', () => {
    const reordered = { source: 'select 42 as answer', name: 'answer', kind: 'sql', id: 'c1' } as Cell;
    const withUndefined = { ...sql('select 42 as answer'), collapsed: undefined };
    const reorderedSandbox: SandboxSpec = { rows: { orders: 10 }, seed: 3, generatorVersion: 1, kind: 'synthetic' };
    expect(draftDiffers({ ...draft, cells: [withUndefined] }, { revision: 4, cells: [reordered], sandbox: reorderedSandbox })).toBe(false);
  });
});
