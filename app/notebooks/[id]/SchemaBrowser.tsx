'use client';

import { useState } from 'react';
import type { Sensitivity } from '@/lib/contracts/schema';

/** A source's columns carry their contract's sensitivity; a model's do not (yet). */
export type Relation = { name: string; kind: 'source' | 'model'; columns: { name: string; type: string; sensitivity?: Sensitivity }[] };

/** Sources and models with their columns (a source's PII and secret columns marked from its contract);
 * a click on a name inserts it into the last focused editor, the column count beside it opens the columns. */
export function SchemaBrowser({ relations, onInsert }: { relations: Relation[]; onInsert(text: string): void }) {
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const groups: [string, Relation[]][] = [
    ['Sources', relations.filter((r) => r.kind === 'source')],
    ['Models', relations.filter((r) => r.kind === 'model')],
  ];
  return (
    <nav className="card schema-browser" aria-label="Schema browser" style={{ padding: 12 }}>
      {groups.map(([title, items]) => (
        <div key={title} style={{ marginBottom: 10 }}>
          <h3 style={{ fontSize: 12, textTransform: 'uppercase', letterSpacing: '0.06em', margin: '0 0 6px' }}>{title}</h3>
          {items.length === 0 && <p className="muted" style={{ fontSize: 12, margin: 0 }}>{title === 'Sources' ? 'Generate sandbox data' : 'Run a SQL cell'}</p>}
          <ul>
            {items.map((relation) => (
              <li key={relation.name}>
                <span className="schema-row">
                  <button className="ghost schema-name" onClick={() => onInsert(relation.name)} title={`Insert ${relation.name} into the editor`} aria-label={`Insert ${relation.name}`}>
                    {relation.name}
                  </button>
                  <button
                    className="ghost schema-expand"
                    aria-label={`${open[relation.name] ? 'Hide' : 'Show'} columns of ${relation.name}`}
                    aria-expanded={Boolean(open[relation.name])}
                    onClick={() => setOpen((o) => ({ ...o, [relation.name]: !o[relation.name] }))}
                  >
                    {open[relation.name] ? '▾' : '▸'} {relation.columns.length} {relation.columns.length === 1 ? 'column' : 'columns'}
                  </button>
                </span>
                {open[relation.name] && (
                  <ul className="cols">
                    {relation.columns.map((column) => (
                      <li key={column.name}>
                        <button className="ghost" onClick={() => onInsert(column.name)} aria-label={`Insert column ${relation.name}.${column.name}`}>
                          <span>{column.name}</span>
                          <span className="schema-col-meta">
                            {(column.sensitivity === 'pii' || column.sensitivity === 'secret') && (
                              <span className={`sensitivity ${column.sensitivity}`} title={`${column.sensitivity === 'pii' ? 'Personal data' : 'Secret'} per the contract`} aria-label={`${relation.name}.${column.name} is ${column.sensitivity}`} role="note">
                                {column.sensitivity === 'pii' ? 'PII' : 'secret'}
                              </span>
                            )}
                            <span style={{ fontSize: 11 }}>{column.type}</span>
                          </span>
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
