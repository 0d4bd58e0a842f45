/** Every TanStack Query key in one place, typed. */
export const queryKeys = {
  notebooks: () => ['notebooks'] as const,
  notebook: (id: string) => ['notebooks', id] as const,
  datasets: () => ['datasets'] as const,
  engineParity: () => ['engine', 'parity'] as const,
};
