'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { z } from 'zod';

// Zod compiles object parsers with `new Function` when it can, and probes for it with Function(""),
// which the page's Content Security Policy (no 'unsafe-eval') refuses and reports. In the browser it
// parses without compiling; the server keeps the faster compiled parsers.
if (typeof window !== 'undefined') z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
