import { useState } from 'preact/hooks';
import { dateTime } from '../../format';
import { Shell } from '../shell';
import { dashboardHref, type PageProps } from '../routes';
import { EmptyRow, Section } from '../components/section';
import { StatusBadge } from '../components/status-badge';
import { useResource, type List } from '../components/use-resource';
import { endpointHref, type WebhookEndpoint } from './types';
import { NextPageButton } from '../components/next-page';

/// Webhook endpoints, newest first, 50 a page: URL (to the endpoint's deliveries), status, the
/// event types each receives and since when it fails.
export function WebhookEndpointsPage({ session }: PageProps) {
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ limit: '50' });
  if (cursor) query.set('cursor', cursor);
  const endpoints = useResource<List<WebhookEndpoint>>(session, `/v1/webhook_endpoints?${query}`);

  return (
    <Shell session={session} title="Webhooks">
      <Section id="endpoint-list" title="Endpoints" value={endpoints.value} error={endpoints.error}>
        {(list) => (
          <>
            <div class="table-scroll">
              <table>
                <caption class="small">Times in UTC</caption>
                <thead>
                  <tr><th scope="col">URL</th><th scope="col">Status</th><th scope="col">Events</th><th scope="col">Failing since</th></tr>
                </thead>
                <tbody>
                  {list.data.map((endpoint) => (
                    <tr key={endpoint.id}>
                      <td><a class="hash" href={dashboardHref(endpointHref(endpoint.id))}>{endpoint.url}</a></td>
                      <td><StatusBadge status={endpoint.status} /></td>
                      <td class="hash">{endpoint.event_types.join(', ')}</td>
                      <td>{endpoint.failing_since ? dateTime(endpoint.failing_since, 'UTC') : '—'}</td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={4} text="No webhook endpoint." />}
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
