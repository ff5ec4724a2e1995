// Which plan the customers would move to: a draft (the source plan's own prices, to edit) or
// another active plan of the same currency and billing interval (per-period amounts compare).
import type { Plan } from '../../catalog/types';

export const DRAFT = 'draft';

/// The plans a source plan's customers can be repriced onto.
export const targetPlans = (source: Plan, plans: Plan[]): Plan[] => plans.filter((plan) => plan.id !== source.id && plan.active
  && plan.currency === source.currency && plan.interval === source.interval && plan.interval_count === source.interval_count);

export function TargetChoice({ source, plans, value, onChange }: { source: Plan; plans: Plan[]; value: string; onChange: (id: string) => void }) {
  return (
    <div class="panel inline">
      <label for="what-if-target">Target plan</label>
      <select id="what-if-target" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value={DRAFT}>A new plan, drafted here from {source.name}'s prices</option>
        {targetPlans(source, plans).map((plan) => <option key={plan.id} value={plan.id}>{plan.name} ({plan.code})</option>)}
      </select>
    </div>
  );
}
