'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from '@/app/_components/useAction';
import { ALERT_RULES, RULE_LABELS, type AlertRule } from '@/lib/alerts/rules';
import { api } from '@/lib/client/api';

/** A new endpoint: its URL, a description and the rules it wants (none ticked: all). The signing
 * secret comes back once and is shown until the page is left. */
export function AddWebhookForm() {
  const router = useRouter();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [rules, setRules] = useState<AlertRule[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  return (
    <section className="card" style={{ padding: 18 }} aria-label="Add a webhook">
      <h2>Add a webhook</h2>
      <form
        style={{ display: 'grid', gap: 10 }}
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const created = await api<{ secret: string }>('/api/alerts/webhooks', { method: 'POST', body: { url, description, rules: rules.length === 0 ? null : rules } });
            setSecret(created.secret);
            setUrl('');
            setDescription('');
            setRules([]);
            router.refresh();
          });
        }}
      >
        <label style={{ display: 'grid', gap: 4 }}>
          URL
          <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://example.com/assay-alerts" autoComplete="off" />
        </label>
        <label style={{ display: 'grid', gap: 4 }}>
          Description
          <input value={description} onChange={(e) => setDescription(e.target.value)} autoComplete="off" />
        </label>
        <fieldset style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <legend>Rules (none ticked: all)</legend>
          {ALERT_RULES.map((rule) => (
            <label key={rule}>
              <input type="checkbox" checked={rules.includes(rule)} onChange={(e) => setRules(e.target.checked ? [...rules, rule] : rules.filter((r) => r !== rule))} /> {RULE_LABELS[rule]}
            </label>
          ))}
        </fieldset>
        <div>
          <button type="submit" disabled={busy}>
            Add webhook
          </button>
        </div>
      </form>
      {secret && (
        <div role="status" className="banner" style={{ marginTop: 12 }}>
          <p style={{ margin: 0 }}>Signing secret — copy it now, it is not shown again:</p>
          <code aria-label="Signing secret">{secret}</code>
        </div>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </section>
  );
}
