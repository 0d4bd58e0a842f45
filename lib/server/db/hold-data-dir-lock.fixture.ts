// Run as a child process by data-dir-lock.test.ts: takes the lock on argv[2], says so, and waits to be killed.
import { lockDataDir } from './data-dir-lock';

lockDataDir(process.argv[2]!);
process.stdout.write('locked\n');
setInterval(() => {}, 60_000);
