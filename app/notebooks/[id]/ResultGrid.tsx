import type { CellResult } from '@/lib/notebook/execute';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

export function ResultGrid({ result, label }: { result: CellResult; label: string }) {
  const numeric = result.columns.map((c) => NUMERIC.test(c.type));
  return (
    <div className="grid-wrap">
      <table className="grid" aria-label={label}>
        <thead>
          <tr>
            {result.columns.map((c, i) => (
              <th key={i} scope="col">
                {c.name}
                <span className="type">{c.type}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row, r) => (
            <tr key={r}>
              {row.map((value, i) => (
                <td key={i} className={numeric[i] ? 'num' : undefined}>
                  {value === null ? <span className="null">NULL</span> : value}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
