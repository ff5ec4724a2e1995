// When the server applies a portal change: a downgrade (the core's `direction` of the
// proration) outside a trial waits for the period's end, unprorated, when the current plan's
// portal policy (`downgrades_at_period_end`) or its `downgrade_timing` says so
// (server/src/catalog/portal-policy.js authorizePortalTiming, subscriptions/change-service.js
// resolveTiming). Anything else applies now, prorated at the previewed instant.
import type { Plan, ProrationView } from './types';

export function waitsForPeriodEnd(proration: ProrationView, current: Plan): boolean {
  return proration.direction === 'downgrade' && !proration.in_trial
    && (current.portal.downgrades_at_period_end === true || current.downgrade_timing === 'period_end');
}
