import { dateTime } from '../../format';
import { EmptyRow } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import type { OrderStep } from './types';

/// An order's steps in order: state, attempts, what each waits for, its last error and times.
export function StepsTable({ steps }: { steps: OrderStep[] }) {
  return (
    <div class="table-scroll">
      <table>
        <caption class="small">Times in UTC</caption>
        <thead>
          <tr><th scope="col">Step</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">After</th><th scope="col">Last error</th><th scope="col">Finished</th></tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr key={step.name}>
              <td>{step.name}</td>
              <td><StatusBadge status={step.status} /></td>
              <td>{step.attempts}</td>
              <td>{step.depends_on.length ? step.depends_on.join(', ') : '—'}</td>
              <td class="step-error">{step.last_error ?? '—'}</td>
              <td>{step.finished_at ? dateTime(step.finished_at, 'UTC') : '—'}</td>
            </tr>
          ))}
          {steps.length === 0 && <EmptyRow columns={6} text="No step has been planned: the dependency checks come first." />}
        </tbody>
      </table>
    </div>
  );
}
