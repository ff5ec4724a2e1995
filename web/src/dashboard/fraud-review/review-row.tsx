import { dateTime, money } from '../../format';
import { ConfirmButton } from '../../components/confirm-button';
import { dashboardHref } from '../routes';
import { StatusBadge } from '../components/status-badge';
import type { FraudDecision } from './types';

/// One held charge: its amount, payment, score and the rules that fired with their reasons,
/// the review's deadline or outcome, and Approve / Reject when `onDecide` is given.
export function ReviewRow({ decision, busy, onDecide }: {
  decision: FraudDecision; busy: boolean; onDecide: ((decision: FraudDecision, approve: boolean) => void) | null;
}) {
  const review = decision.review;
  return (
    <li>
      <strong>{decision.amount && decision.currency ? money(decision.amount, decision.currency) : decision.kind}</strong>
      {' '}{review && <StatusBadge status={review.status} />}
      {' '}<span class="small">score {decision.score}</span>
      <div class="small">
        {decision.payment && <>Payment <a class="hash" href={dashboardHref(`payments/${encodeURIComponent(decision.payment)}`)}>{decision.payment}</a> · </>}
        Customer <a class="hash" href={dashboardHref(`customers/${encodeURIComponent(decision.customer)}`)}>{decision.customer}</a>
      </div>
      <ul class="small">
        {decision.rules.map((rule) => <li key={rule.name}>{rule.name} (+{rule.score}): {rule.reason}</li>)}
      </ul>
      {review && review.status === 'pending' && <div class="small">Decided automatically at {dateTime(review.deadline, null)} UTC</div>}
      {review && review.status !== 'pending' && <div class="small">By {review.resolved_by ?? '—'} at {dateTime(review.resolved_at, null)} UTC</div>}
      {onDecide && review?.status === 'pending' && (
        <div class="actions">
          <ConfirmButton label={`Approve ${decision.payment ?? decision.id}`} question="Send this charge to the gateway?" confirmLabel="Approve"
            disabled={busy} onConfirm={() => onDecide(decision, true)} />
          <ConfirmButton label={`Reject ${decision.payment ?? decision.id}`} question="Fail this charge as fraud?" confirmLabel="Reject"
            disabled={busy} onConfirm={() => onDecide(decision, false)} />
        </div>
      )}
    </li>
  );
}
