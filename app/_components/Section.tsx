import type { ReactNode } from 'react';

/** A titled card, found by its title as a region. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card section" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Rows already rendered as text (previews, diff samples), NULL shown apart from ''. */
export function TextTable({ columns, rows, label, maxHeight = 320 }: { columns: string[]; rows: (string | null)[][]; label: string; maxHeight?: number }) {
  return (
    <div className="grid-wrap" style={{ maxHeight }}>
      <table className="grid" aria-label={label}>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((value, j) => (
                <td key={j}>{value === null ? <span className="null">NULL</span> : value}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
