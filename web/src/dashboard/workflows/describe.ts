import type { Step, Trigger } from './types';

/// A trigger in one line: its event and each condition ("invoice.paid when billing_reason eq subscription_create").
export function describeTrigger(trigger: Trigger): string {
  const conditions = (trigger.conditions ?? []).map((c) => `${c.field} ${c.op ?? 'eq'} ${Array.isArray(c.value) ? c.value.join(', ') : String(c.value)}`);
  return conditions.length ? `${trigger.event} when ${conditions.join(' and ')}` : trigger.event;
}

/// A step in a few words ("provision: suspend", "wait: 30 days").
export function describeStep(step: Step): string {
  switch (step.type) {
    case 'provision': return `provision: ${String(step.order)}`;
    case 'wait': return step.until ? `wait until ${String(step.until)}` : `wait: ${String(step.days)} days`;
    case 'grant_entitlement': return `grant ${String(step.amount ?? '')} ${String(step.feature)}`.replace(/ {2}/, ' ');
    case 'send_email': return `send email: ${String(step.template)}`;
    case 'call_webhook': return `call webhook: ${String(step.endpoint)}`;
    default: return step.type.replace(/_/g, ' ');
  }
}
