declare const brand: unique symbol;
export type NotebookId = string & { readonly [brand]: 'NotebookId' };

const PATTERN = /^nb_[0-9a-f]{16}$/;

export const NotebookId = {
  create(): NotebookId {
    return `nb_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}` as NotebookId;
  },
  parse(value: string): NotebookId | null {
    return PATTERN.test(value) ? (value as NotebookId) : null;
  },
};

export function newCellId(): string {
  return `c_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
