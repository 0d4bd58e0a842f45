/** An audit event as the page reads it: what happened, to what, with which details. */
export type SummarizedEvent = { action: string; objectType: string; objectId: string; details: Record<string, unknown> };
/** A user id as a person reads it: their name, or the id when the user is unknown. */
export type NameOf = (userId: string) => string;

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));
const quoted = (value: unknown) => `“${text(value)}”`;
const shortId = (value: unknown) => {
  const id = text(value);
  return id.length > 16 ? `${id.slice(0, 12)}…` : id;
};
const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const day = (iso: unknown) => text(iso).slice(0, 10);

/**
 * What the actor did, as the rest of a sentence that starts with their name ("approved promotion
 * request pr_1…"). Known actions read as words; any other action falls back to its name and details,
 * so a new action is never hidden. The raw details stay one click away on the page.
 */
export function summarizeAuditEvent(event: SummarizedEvent, nameOf: NameOf): string {
  const d = event.details;
  const object = `${event.objectType.replaceAll('_', ' ')} ${shortId(event.objectId)}`;
  switch (event.action) {
    case 'auth.sign_in':
      return 'signed in';
    case 'user.role_granted':
      return `granted the role ${text(d.role)} to ${nameOf(event.objectId)}`;
    case 'notebook.created':
      return `created notebook ${quoted(d.title)}${d.forkedFrom ? ` as a fork of experiment ${shortId(d.forkedFrom)}` : ''}`;
    case 'notebook.saved':
      return `saved revision ${text(d.revision)} of ${object}`;
    case 'notebook.renamed':
      return `renamed notebook ${quoted(d.from)} to ${quoted(d.to)}`;
    case 'experiment.recorded':
      return `recorded experiment ${quoted(d.title)} from revision ${text(d.revision)} of notebook ${shortId(d.notebookId)}`;
    case 'experiment.replay_requested':
      return `asked for a replay of ${object}`;
    case 'experiment.replayed':
      return `replayed ${object}: ${text(d.status)}${d.error ? ` (${text(d.error)})` : ''}`;
    case 'experiment.shared':
      return `shared ${object} by a link valid until ${day(d.expiresAt)}`;
    case 'experiment.share_revoked':
      return `revoked a share link of ${object}`;
    case 'experiment.archived':
      return `archived ${object}`;
    case 'experiment.forked':
      return `forked ${object} into notebook ${shortId(d.notebookId)}`;
    case 'pipeline.created':
      return `created pipeline ${quoted(d.name)}`;
    case 'pipeline.promoted': {
      const approvers = Array.isArray(d.approvers) ? d.approvers.map((id) => nameOf(text(id))) : [];
      return `promoted version ${text(d.version)} of ${object} to production${d.from ? ` (was version ${text(d.from)})` : ''}${approvers.length ? `, approved by ${list(approvers)}` : ''}`;
    }
    case 'pipeline.rolled_back':
      return `moved production of ${object} from version ${text(d.from)} to version ${text(d.to)}`;
    case 'pipeline.run_requested':
      return `asked for run ${text(d.runId)} of version ${text(d.version)} of ${object} (${text(d.trigger)})`;
    case 'pipeline.run_finished':
      return `finished run ${text(d.runId)} of version ${text(d.version)} of ${object}: ${text(d.status).replace('_', ' ')}${d.error ? ` (${text(d.error)})` : ''}`;
    case 'pipeline.published':
      return `published run ${text(d.runId)} of version ${text(d.version)} of ${object}${d.kind === 'rollback' ? ' again, by a rollback' : ''}`;
    case 'pipeline.schedule_changed':
      return `set the run schedule of ${object} to ${d.schedule ? quoted(d.schedule) : 'none'}${d.onNewSnapshot ? ', and runs on new snapshots' : ''}`;
    case 'pipeline.run_verify_requested':
      return `asked to verify run ${text(d.runId)} of ${object}`;
    case 'pipeline.run_verified':
      return `verified run ${text(d.runId)} of ${object}: ${text(d.status)}`;
    case 'pipeline.settings_changed': {
      const approvals = d.requiredApprovals as { from?: unknown; to?: unknown } | undefined;
      return approvals ? `changed the approvals ${object} needs from ${text(approvals.from)} to ${text(approvals.to)}` : `changed the settings of ${object}`;
    }
    case 'promotion.submitted':
      return `submitted experiment ${shortId(d.artifactId)} for promotion (${object})`;
    case 'promotion.gates_requested':
      return `asked for the gates of ${object} to run again`;
    case 'promotion.gates_finished': {
      const gates = d.gates && typeof d.gates === 'object' ? Object.entries(d.gates as Record<string, unknown>).map(([gate, status]) => `${gate} ${text(status)}`) : [];
      const verdict = d.passed === 'yes' ? 'passed' : d.passed === 'no' ? 'failed' : 'could not finish';
      return `ran the gates of ${object}: ${verdict}${gates.length ? ` (${gates.join(', ')})` : ''}`;
    }
    case 'promotion.approved':
      return `approved ${object}`;
    case 'promotion.rejected':
      return `rejected ${object}`;
    case 'promotion.changes_requested':
      return `asked for changes to ${object}`;
    case 'promotion.commented':
      return `commented on ${object}`;
    case 'catalog.dataset_created':
      return `created dataset ${event.objectId} (contract version ${text(d.version)})`;
    case 'catalog.contract_changed':
      return `changed the contract of dataset ${shortId(event.objectId)} (now version ${text(d.version)})`;
    default: {
      const shown = Object.entries(d).map(([key, value]) => `${key} ${text(value)}`);
      return `${event.action} on ${object}${shown.length ? ` (${shown.join(', ')})` : ''}`;
    }
  }
}
