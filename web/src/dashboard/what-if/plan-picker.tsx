// Which plan's customers to reprice onto another plan: the active plans (100 at most) as links.
import { useResource, type List } from '../components/use-resource';
import type { Session } from '../session';
import type { Plan } from '../catalog/types';

export function PlanPicker({ session }: { session: Session }) {
  const plans = useResource<List<Plan>>(session, '/v1/plans?active=true&limit=100');
  return (
    <section aria-labelledby="plan-picker-title">
      <h2 id="plan-picker-title">A new plan for a plan's customers</h2>
      <p>Choose the plan whose current customers move: they are repriced onto another plan, or a new one drafted here, at their last quantities.</p>
      {plans.value && (
        <ul class="price-list">
          {plans.value.data.map((plan) => (
            <li key={plan.id}>
              <a href={`?plan=${encodeURIComponent(plan.id)}`}>{plan.name}</a>{' '}
              <span class="small">{plan.code}, {plan.currency}, every {plan.interval}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
