import { useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { ErrorNote } from '../components/layout';
import type { Customer } from './types';

const TAX_ID_TYPES: [string, string][] = [
  ['eu_vat', 'EU VAT number'], ['gb_vat', 'UK VAT number'], ['au_abn', 'Australian ABN'], ['ca_bn', 'Canadian BN'],
  ['in_gst', 'Indian GSTIN'], ['us_ein', 'US EIN'],
];

const ADDRESS_FIELDS: [string, string, string][] = [
  ['line1', 'Address', 'address-line1'], ['city', 'City', 'address-level2'], ['state', 'State or region', 'address-level1'],
  ['postal_code', 'Postal code', 'postal-code'], ['country', 'Country code (two letters)', 'country'],
];

/// The customer's billing details, which the portal may change (PATCH /v1/customers/:id with
/// name, email, address and tax ids only). The currency and billing zone are the operator's.
export function BillingDetails({ customer, token, onSaved }: { customer: Customer; token: string; onSaved: (customer: Customer) => void }) {
  const [name, setName] = useState(customer.name);
  const [email, setEmail] = useState(customer.email ?? '');
  const [address, setAddress] = useState<Record<string, string>>(customer.address ?? {});
  const [taxId, setTaxId] = useState(customer.tax_ids[0] ?? { type: 'eu_vat', value: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(event: Event) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const cleanAddress = Object.fromEntries(Object.entries(address).filter(([, value]) => value.trim() !== ''));
    const body = {
      name, email: email || null, address: Object.keys(cleanAddress).length ? cleanAddress : null,
      tax_ids: taxId.value.trim() ? [{ type: taxId.type, value: taxId.value.trim() }, ...customer.tax_ids.slice(1)] : customer.tax_ids.slice(1),
    };
    const outcome = await api<Customer>('PATCH', `/v1/customers/${customer.id}`, { token, body });
    if (!outcome.ok) return setError(outcome.error);
    setSaved(true);
    onSaved(outcome.value);
  }

  return (
    <section class="panel" aria-labelledby="billing-title">
      <h2 id="billing-title">Billing details</h2>
      <form onSubmit={save}>
        <label for="billing-name">Name or company</label>
        <input id="billing-name" type="text" autoComplete="organization" value={name} onInput={(event) => setName((event.target as HTMLInputElement).value)} />
        <label for="billing-email">Billing email</label>
        <input id="billing-email" type="email" autoComplete="email" value={email} onInput={(event) => setEmail((event.target as HTMLInputElement).value)} />
        {ADDRESS_FIELDS.map(([field, label, autoComplete]) => (
          <div key={field}>
            <label for={`billing-${field}`}>{label}</label>
            <input id={`billing-${field}`} type="text" autoComplete={autoComplete} value={address[field] ?? ''}
              onInput={(event) => setAddress({ ...address, [field]: (event.target as HTMLInputElement).value })} />
          </div>
        ))}
        <label for="billing-tax-type">Tax id type</label>
        <select id="billing-tax-type" value={taxId.type} onChange={(event) => setTaxId({ ...taxId, type: (event.target as HTMLSelectElement).value })}>
          {TAX_ID_TYPES.map(([type, label]) => <option key={type} value={type}>{label}</option>)}
        </select>
        <label for="billing-tax-id">Tax id</label>
        <input id="billing-tax-id" type="text" value={taxId.value} onInput={(event) => setTaxId({ ...taxId, value: (event.target as HTMLInputElement).value })} />
        <p class="hint">Currency {customer.currency}; dates are shown in your billing time zone, {customer.timezone}.</p>
        <div class="actions"><button type="submit">Save billing details</button></div>
      </form>
      {saved && <p class="success" role="status">Your billing details were saved.</p>}
      {error && <ErrorNote error={error} title="Your billing details were not saved" />}
    </section>
  );
}
