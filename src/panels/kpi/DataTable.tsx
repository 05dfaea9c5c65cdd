/** The numbers behind a chart as a plain table: for screen readers, keyboards and tests. */
import type { ReactNode } from 'react';
import './DataTable.css';

export interface DataTableProps {
  caption: string;
  head: string[];
  rows: { key: string; cells: ReactNode[] }[];
}

export function DataTable({ caption, head, rows }: DataTableProps) {
  return (
    <table className="kpi-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            {r.cells.map((c, i) =>
              i === 0 ? (
                <th key={i} scope="row">
                  {c}
                </th>
              ) : (
                <td key={i}>{c}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
