import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { Providers } from './providers';

// Every page depends on the session; none is prerendered at build time (the build never opens a database).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Assay',
  description: 'Notebook workbench for ELT experiments',
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' } },
  robots: { index: false, follow: false },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
