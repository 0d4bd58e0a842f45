/** A page's search parameter as one string: the first of repeated ones; missing or empty is undefined. */
export const firstParam = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value) || undefined;
