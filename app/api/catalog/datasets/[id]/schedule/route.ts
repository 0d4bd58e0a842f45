import { ScheduleRequest } from '@/lib/sources/schema';
import { SOURCE_MANAGERS } from '@/lib/sources/roles';
import { json, param, parseBody, route } from '@/lib/server/http/route';
import { setSchedule } from '@/lib/server/sources/schedules';

/** A cron pattern (UTC) for scheduled loads, or null to load by hand only. */
export const PUT = route({ anyRole: SOURCE_MANAGERS }, async ({ app, req, params, user }) => {
  const { schedule } = await parseBody(req, ScheduleRequest);
  return json(await setSchedule(app.db, { datasetId: param(params, 'id'), schedule, actorId: user.id }));
});
