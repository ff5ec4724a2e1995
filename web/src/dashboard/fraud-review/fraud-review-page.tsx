import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { Section } from '../components/section';
import { useResource, type List } from '../components/use-resource';
import { call, can } from '../session';
import { ReviewRow } from './review-row';
import { REVIEW_STATES, type FraudDecision } from './types';
import { NextPageButton } from '../components/next-page';

/// The fraud review queue: charges the rules held for review (newest first, 50 a page), or those
/// already approved or rejected; roles with payments:write approve or reject a pending one.
export function FraudReviewPage({ session }: PageProps) {
  const [state, setState] = useState('pending');
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({ review: state, limit: '50' });
  if (cursor) query.set('cursor', cursor);
  const queue = useResource<List<FraudDecision>>(session, `/v1/fraud_decisions?${query}`);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function decide(decision: FraudDecision, approve: boolean) {
    setBusy(true);
    setError(null);
    setNotice(null);
    const outcome = await call<{ payment: { id: string; status: string } }>(session, 'POST',
      `/v1/fraud_decisions/${encodeURIComponent(decision.id)}/${approve ? 'approve' : 'reject'}`, {});
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setNotice(`${approve ? 'Approved' : 'Rejected'}: payment ${outcome.value.payment.id} is ${outcome.value.payment.status}.`);
    queue.reload();
  }

  return (
    <Shell session={session} title="Fraud review">
      <div class="inline">
        <label for="review-state">Reviews</label>
        <select id="review-state" value={state} onChange={(e) => { setCursor(null); setState(e.currentTarget.value); }}>
          {REVIEW_STATES.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
      </div>
      <p role="status" aria-live="polite" class={notice ? 'success' : undefined}>{notice}</p>
      {error && <ErrorNote error={error} title="Not decided" />}
      <Section id="review-queue" title={`Reviews ${state}`} value={queue.value} error={queue.error}>
        {(list) => (
          <>
            <ul class="rows fraud-review">
              {list.data.map((decision) => (
                <ReviewRow key={decision.id} decision={decision} busy={busy} onDecide={can(session, 'payments:write') ? decide : null} />
              ))}
            </ul>
            {list.data.length === 0 && <p>No review {state}.</p>}
            <NextPageButton list={list} onNext={setCursor} />
          </>
        )}
      </Section>
    </Shell>
  );
}
