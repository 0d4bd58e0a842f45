#!/usr/bin/env node
// `npx assay …`: the repository's CLI, run from its TypeScript sources (lib/cli/main.ts) under tsx with
// the repository's tsconfig, so `@/lib/...` resolves whatever the working directory.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = import.meta.resolve('tsx');
// react-server: lib/server modules begin with `import 'server-only'`, which throws under any other condition.
const run = spawnSync(process.execPath, ['--conditions', 'react-server', '--import', tsx, join(root, 'lib/cli/main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
});
process.exitCode = run.status ?? 2;
