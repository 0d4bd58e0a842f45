/** The keyboard shortcuts, Jupyter-style: one list for the sheet behind `?` and for anyone wiring
 * keys. `editor` keys act while typing in a cell's editor (SqlEditor binds them); `notebook` keys act
 * when a cell, not its editor, has the focus (the workbench binds them). */
export type Shortcut = { keys: string; action: string; where: 'editor' | 'notebook' };

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Shift+Enter', action: 'Run cell and select the next', where: 'editor' },
  { keys: 'Ctrl/Cmd+Enter', action: 'Run cell', where: 'editor' },
  { keys: 'Alt+Enter', action: 'Run cell and insert a cell below', where: 'editor' },
  { keys: 'Shift+Alt+F', action: 'Format SQL', where: 'editor' },
  { keys: 'Ctrl+Space', action: 'Suggest tables, columns and functions', where: 'editor' },
  { keys: 'Tab', action: 'Accept the highlighted suggestion', where: 'editor' },
  { keys: 'Esc', action: 'Leave the editor (notebook mode)', where: 'editor' },
  { keys: 'Enter', action: 'Edit the selected cell', where: 'notebook' },
  { keys: '↑ / ↓', action: 'Select the previous / next cell', where: 'notebook' },
  { keys: 'A', action: 'Insert a cell above', where: 'notebook' },
  { keys: 'B', action: 'Insert a cell below', where: 'notebook' },
  { keys: 'D D', action: 'Delete the selected cell', where: 'notebook' },
  { keys: 'Alt+↑ / Alt+↓', action: 'Move the selected cell up / down', where: 'notebook' },
  { keys: '?', action: 'Show these shortcuts', where: 'notebook' },
];
