import type { RolloutListRow } from '../../contract.ts';
import { rowKey } from '../format.ts';
import { routeHref } from '../route.ts';
import { Link } from './Link.tsx';
import { StatusBadge } from './StatusBadge.tsx';

/** The rollout list as a table; on a narrow screen each row becomes a card (styles.css). */
export function RolloutTable({ rows, images }: { rows: RolloutListRow[]; images: Record<string, string[]> }) {
  return (
    <table class="table cards" data-testid="rollout-list">
      <caption class="visually-hidden">Rollouts</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Namespace</th>
          <th scope="col">Strategy</th>
          <th scope="col">Status</th>
          <th scope="col">Step</th>
          <th scope="col">Set weight</th>
          <th scope="col">Ready</th>
          <th scope="col">Images</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} data-testid="rollout-row" data-namespace={row.namespace} data-name={row.name}>
            <th scope="row" data-label="Name">
              <Link href={routeHref({ page: 'rollout', namespace: row.namespace, name: row.name })}>{row.name}</Link>
            </th>
            <td data-label="Namespace">{row.namespace}</td>
            <td data-label="Strategy">{row.strategy}</td>
            <td data-label="Status">
              <StatusBadge status={row.status} testId="rollout-status" />
            </td>
            <td data-label="Step" data-testid="rollout-step">
              {row.step}
            </td>
            <td data-label="Set weight" data-testid="rollout-weight">
              {row.setWeight === '-' ? '-' : `${row.setWeight}%`}
            </td>
            <td data-label="Ready">{row.ready}</td>
            <td data-label="Images" class="images">
              {(images[rowKey(row)] ?? []).map((image) => (
                <code key={image}>{image}</code>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
