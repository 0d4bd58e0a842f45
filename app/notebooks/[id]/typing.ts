/** Whether the element takes typing: a field, or a Monaco editor (its hidden textarea). */
export const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable="true"], .monaco-editor') !== null;
