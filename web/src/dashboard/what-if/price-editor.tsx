// Edits a core price object (docs/core-api.md, op price): its model, its amounts and its tiers.
// Values stay the strings typed; the core validates them on every recomputation.

export type Pricing = Record<string, unknown>;
type Tier = Record<string, string | null>;

const MODELS = ['flat', 'per_unit', 'package', 'graduated', 'volume', 'stairstep'] as const;

/// The fields each model has besides `tiers`, and the tier fields of the tiered ones.
const FIELDS: Record<string, string[]> = {
  flat: ['amount'], per_unit: ['unit_amount'], package: ['package_size', 'package_amount', 'free_units'],
  graduated: [], volume: [], stairstep: [],
};
const TIER_FIELDS: Record<string, string[]> = {
  graduated: ['unit_amount', 'flat_amount'], volume: ['unit_amount', 'flat_amount'], stairstep: ['flat_amount'],
};

/// A starting price of `model`, keeping what the current one says where it fits.
function switchModel(pricing: Pricing, model: string): Pricing {
  if (TIER_FIELDS[model]) {
    const tiers = Array.isArray(pricing.tiers) ? (pricing.tiers as Tier[]) : [{ up_to: null }];
    return { model, tiers: tiers.map((tier) => Object.fromEntries([['up_to', tier.up_to ?? null], ...TIER_FIELDS[model].map((f) => [f, tier[f] ?? '0'])])) };
  }
  return { model, ...Object.fromEntries(FIELDS[model].map((field) => [field, (pricing[field] as string | undefined) ?? (field === 'package_size' ? '1' : '0')])) };
}

export function PriceEditor({ pricing, onChange }: { pricing: Pricing; onChange: (next: Pricing) => void }) {
  const model = String(pricing.model);
  const known = (MODELS as readonly string[]).includes(model);
  const tiers = (pricing.tiers as Tier[] | undefined) ?? [];
  const setTier = (index: number, field: string, value: string | null) => {
    onChange({ ...pricing, tiers: tiers.map((tier, i) => (i === index ? { ...tier, [field]: value } : tier)) });
  };
  const addTier = () => {
    const last = tiers[tiers.length - 1];
    const bounded = tiers.map((tier, i) => (i === tiers.length - 1 && tier.up_to === null ? { ...tier, up_to: '' } : tier));
    onChange({ ...pricing, tiers: [...bounded, { ...last, up_to: null }] });
  };
  const removeTier = (index: number) => {
    const rest = tiers.filter((_, i) => i !== index);
    if (rest.length) rest[rest.length - 1] = { ...rest[rest.length - 1], up_to: null };
    onChange({ ...pricing, tiers: rest });
  };
  if (!known) return <p class="hint">This price's model ({model}) cannot be edited here: quantities are not priced with it.</p>;
  return (
    <fieldset class="price-editor">
      <legend>Edited price</legend>
      <label>
        Model
        <select value={model} onChange={(e) => onChange(switchModel(pricing, (e.target as HTMLSelectElement).value))}>
          {MODELS.map((name) => <option key={name} value={name}>{name.replace('_', ' ')}</option>)}
        </select>
      </label>
      {FIELDS[model].map((field) => (
        <label key={field}>
          {field.replace(/_/g, ' ')}
          <input type="text" inputMode="decimal" value={String(pricing[field] ?? '')}
            onInput={(e) => onChange({ ...pricing, [field]: (e.target as HTMLInputElement).value })} />
        </label>
      ))}
      {TIER_FIELDS[model] && (
        <div class="table-scroll">
          <table class="tiers">
            <caption class="small">Tiers (the last one has no upper bound)</caption>
            <thead><tr><th scope="col">Up to</th>{TIER_FIELDS[model].map((f) => <th key={f} scope="col">{f.replace(/_/g, ' ')}</th>)}<th scope="col">Remove</th></tr></thead>
            <tbody>
              {tiers.map((tier, index) => (
                <tr key={index}>
                  <td>
                    {tier.up_to === null ? <span>∞</span> : (
                      <input type="text" inputMode="decimal" aria-label={`Tier ${index + 1} up to`} value={tier.up_to ?? ''}
                        onInput={(e) => setTier(index, 'up_to', (e.target as HTMLInputElement).value)} />
                    )}
                  </td>
                  {TIER_FIELDS[model].map((field) => (
                    <td key={field}>
                      <input type="text" inputMode="decimal" aria-label={`Tier ${index + 1} ${field.replace(/_/g, ' ')}`} value={tier[field] ?? ''}
                        onInput={(e) => setTier(index, field, (e.target as HTMLInputElement).value)} />
                    </td>
                  ))}
                  <td>
                    <button type="button" class="secondary" disabled={tiers.length === 1} onClick={() => removeTier(index)}
                      aria-label={`Remove tier ${index + 1}`}>Remove</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" class="secondary" onClick={addTier}>Add a tier</button>
        </div>
      )}
    </fieldset>
  );
}
