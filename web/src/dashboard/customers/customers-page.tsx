import { useState } from 'preact/hooks';
import { date } from '../../format';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { dashboardHref } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { useResource, type List } from '../components/use-resource';
import type { Customer } from './types';
import { NextPageButton } from '../components/next-page';

/// Customers: search by name, email or external id (the server's `search`), 50 a page.
export function CustomersPage({ session }: PageProps) {
  const initial = new URLSearchParams(window.location.search).get('search') ?? '';
  const [search, setSearch] = useState(initial);
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (initial) query.set('search', initial);
  if (cursor) query.set('cursor', cursor);
  const customers = useResource<List<Customer>>(session, `/v1/customers?${query}`);

  return (
    <Shell session={session} title="Customers">
      <form class="inline search" role="search" method="get" action={dashboardHref('customers')}>
        <label for="search">Search customers</label>
        <input id="search" name="search" type="search" value={search} placeholder="Name, email or external id"
          onInput={(e) => setSearch(e.currentTarget.value)} />
        <button type="submit">Search</button>
      </form>
      <Section id="customer-list" title={initial ? `Customers matching “${initial}”` : 'All customers'} value={customers.value} error={customers.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Currency</th><th scope="col">Created</th></tr></thead>
                <tbody>
                  {list.data.map((customer) => (
                    <tr key={customer.id}>
                      <td><a href={dashboardHref(`customers/${encodeURIComponent(customer.id)}`)}>{customer.name || customer.external_id || customer.id}</a></td>
                      <td>{customer.email ?? '—'}</td>
                      <td>{customer.currency}</td>
                      <td>{date(customer.created_at, null)}</td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={4} text="No customer found." />}
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
