import type { ColumnContract } from '@/lib/contracts/schema';

/** A contract's columns as a table: the catalog list and the dataset page show the same one. */
export function ContractColumns({ columns, label }: { columns: readonly ColumnContract[]; label?: string }) {
  return (
    <table className="contract" aria-label={label}>
      <thead>
        <tr>
          <th>Column</th>
          <th>Type</th>
          <th>Nullable</th>
          <th>Sensitivity</th>
          <th>Masking</th>
          <th>Description</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.name} aria-label={`Column ${c.name}`}>
            <td className="mono">{c.name}</td>
            <td className="mono">{c.type}</td>
            <td>{c.nullable ? 'yes' : 'no'}</td>
            <td>
              <span className={`badge ${c.sensitivity}`}>{c.sensitivity}</span>
            </td>
            <td>{c.masking}</td>
            <td>{c.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
