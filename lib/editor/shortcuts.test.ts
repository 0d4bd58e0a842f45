import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from './shortcuts';

describe('SHORTCUTS', () => {
  it('lists the Jupyter keys the editor and the notebook bind', () => {
    const keys = (where: 'editor' | 'notebook') => SHORTCUTS.filter((s) => s.where === where).map((s) => s.keys);
    expect(keys('editor')).toEqual(expect.arrayContaining(['Shift+Enter', 'Ctrl/Cmd+Enter', 'Alt+Enter', 'Shift+Alt+F', 'Esc']));
    expect(keys('notebook')).toEqual(expect.arrayContaining(['A', 'B', 'D D', 'Enter', '?']));
  });

  it('binds each key once per mode', () => {
    const seen = SHORTCUTS.map((s) => `${s.where}:${s.keys}`);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
