import { useState } from 'preact/hooks';
import { dateTime } from '../../format';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { EmptyRow, Section } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { JOB_STATUSES, type Job } from './types';
import { NextPageButton } from '../components/next-page';

/// Background jobs, newest first, 50 a page, by status: type, attempts, when each runs, its
/// last error.
export function JobsPage({ session }: PageProps) {
  const [status, setStatus] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const jobs = useResource<List<Job>>(session, `/v1/jobs?${query}`);

  return (
    <Shell session={session} title="Jobs">
      <div class="inline">
        <label for="job-status">Status</label>
        <select id="job-status" value={status} onChange={(e) => { setCursor(null); setStatus(e.currentTarget.value); }}>
          <option value="">Any</option>
          {JOB_STATUSES.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </div>
      <Section id="job-list" title={status ? `Jobs (${status})` : 'All jobs'} value={jobs.value} error={jobs.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <caption class="small">Times in UTC</caption>
                <thead>
                  <tr><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Runs at</th><th scope="col">Last error</th></tr>
                </thead>
                <tbody>
                  {list.data.map((job) => (
                    <tr key={job.id}>
                      <td>{job.type}{job.recurring && <span class="small"> (recurring)</span>}</td>
                      <td><StatusBadge status={job.status} /></td>
                      <td>{job.attempts} of {job.max_attempts}</td>
                      <td>{dateTime(job.run_at, 'UTC')}</td>
                      <td class="step-error">{job.last_error ?? '—'}</td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={5} text="No job." />}
                </tbody>
              </table>
            </div>
            <NextPageButton list={list} onNext={setCursor} />
          </>
        )}
      </Section>
    </Shell>
  );
}
