// Entry of `npx assay` (scripts/assay.mjs starts it under tsx).
import { main } from './replay';

process.exitCode = await main(process.argv.slice(2), { out: (line) => console.log(line), err: (line) => console.error(line) });
