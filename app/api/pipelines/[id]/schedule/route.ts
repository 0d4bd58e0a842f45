import { SCHEDULE_SETTERS } from '@/lib/runs/roles';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { getRunSchedule, RunScheduleBody, setRunSchedule } from '@/lib/server/runs/schedules';

export const GET = route({ signedIn: true }, async ({ app, params }) => json({ schedule: await getRunSchedule(app.db, param(params, 'id')) }));

/** `{ "schedule": "0 4 * * *" | null, "onNewSnapshot": true }`: cron runs (UTC) and snapshot-triggered runs. */
export const PUT = route({ anyRole: SCHEDULE_SETTERS }, async ({ app, req, params, user }) => {
  const body = await parseBody(req, RunScheduleBody);
  return json({ schedule: await setRunSchedule(app.db, { pipelineId: param(params, 'id'), actorId: user.id, ...body }) });
});
