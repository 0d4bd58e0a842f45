import 'server-only';
import { bootApp } from '@/lib/server/app';
import { ConfigError } from '@/lib/server/config';
import { DataDirLockedError } from '@/lib/server/db/data-dir-lock';
import { startJobs } from '@/lib/server/jobs/jobs';

export async function boot(): Promise<void> {
  try {
    const { app, seeded } = await bootApp();
    console.log(`assay: ${app.config.mode} mode, ${app.database.kind} database, serving ${app.config.baseUrl}`);
    startJobs(app);
    if (seeded) {
      console.log(`assay: demo workspace ${seeded.created ? 'created' : 'ready'}; sign in with password "${seeded.password}" as:`);
      for (const user of seeded.users) console.log(`assay:   ${user.email.padEnd(24)} ${user.roles.join(', ')}`);
    }
  } catch (error) {
    console.error(error instanceof ConfigError || error instanceof DataDirLockedError ? `assay: ${error.message}` : error);
    process.exit(1);
  }
}
