import { useState } from 'preact/hooks';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { Section } from '../components/section';
import { useResource, type List } from '../components/use-resource';
import { InvoiceList } from './invoice-list';
import type { Invoice } from './types';
import { NextPageButton } from '../components/next-page';

const STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'];

/// Invoices, newest first, 50 a page, narrowed by status.
export function InvoicesPage({ session }: PageProps) {
  const [status, setStatus] = useState('');
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const invoices = useResource<List<Invoice>>(session, `/v1/invoices?${query}`);

  return (
    <Shell session={session} title="Invoices">
      <div class="inline">
        <label for="status">Status</label>
        <select id="status" value={status} onChange={(e) => { setCursor(null); setStatus(e.currentTarget.value); }}>
          <option value="">Any</option>
          {STATUSES.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </div>
      <Section id="invoice-list" title={status ? `Invoices (${status})` : 'All invoices'} value={invoices.value} error={invoices.error}>
        {(list) => (
          <>
            <InvoiceList invoices={list.data} timeZone={null} caption="Dates in UTC" />
            <NextPageButton list={list} onNext={setCursor} />
          </>
        )}
      </Section>
    </Shell>
  );
}
