// The catalog, /dashboard/catalog: plans (each opens its price editor), products, prices (with a
// link to the new price page), add-ons and coupons, with Archive, Rename and the New plan, product,
// add-on and coupon forms for roles holding catalog:write.
import { money } from '../../format';
import { Shell } from '../shell';
import type { PageProps } from '../routes';
import { dashboardHref } from '../routes';
import { Section, EmptyRow } from '../components/section';
import { useResource, type List } from '../components/use-resource';
import { can } from '../session';
import { ArchiveButton } from './archive-button';
import { CreateForm } from './create-form';
import { RenameForm } from './rename-form';
import { priceSummary } from './price-summary';
import type { AddOn, Coupon, Plan, Price, Product } from './types';

export function CatalogPage({ session }: PageProps) {
  const plans = useResource<List<Plan>>(session, '/v1/plans?limit=100');
  const products = useResource<List<Product>>(session, '/v1/products?limit=100');
  const addOns = useResource<List<AddOn>>(session, '/v1/add_ons?limit=100');
  const coupons = useResource<List<Coupon>>(session, '/v1/coupons?limit=100');
  const prices = useResource<List<Price>>(session, '/v1/prices?limit=100');
  const mayWrite = can(session, 'catalog:write');
  const priceOptions = (type: string) => (prices.value?.data ?? []).filter((price) => price.active && price.type === type)
    .map((price) => ({ value: price.id, label: `${priceSummary(price)}, ${price.currency}${price.interval ? ` every ${price.interval}` : ''}` }));
  return (
    <Shell session={session} title="Catalog">
      <Section id="catalog-plans" title="Plans" value={plans.value} error={plans.error}>
        {(list) => (
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">Plan</th><th scope="col">Code</th><th scope="col">Prices</th><th scope="col">Version</th><th scope="col">State</th></tr></thead>
              <tbody>
                {list.data.map((plan) => (
                  <tr key={plan.id}>
                    <td><a href={dashboardHref(`catalog/plans/${encodeURIComponent(plan.id)}`)}>{plan.name}</a></td>
                    <td>{plan.code}</td>
                    <td>{plan.prices.map(priceSummary).join(', ')}</td>
                    <td>{plan.version}</td>
                    <td><ArchiveButton session={session} path={`/v1/plans/${encodeURIComponent(plan.id)}`} label={plan.name} active={plan.active} onArchived={plans.reload} /></td>
                  </tr>
                ))}
                {list.data.length === 0 && <EmptyRow columns={5} text="No plan yet." />}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {mayWrite && prices.value && products.value && (
        <CreateForm session={session} id="new-plan" title="New plan" path="/v1/plans" onCreated={plans.reload} fields={[
          { name: 'code', label: 'Plan code', required: true }, { name: 'name', label: 'Plan name', required: true },
          { name: 'product', label: 'Plan product', options: products.value.data.filter((one) => one.active).map((one) => ({ value: one.id, label: one.name })) },
          { name: 'currency', label: 'Plan currency', required: true }, { name: 'interval', label: 'Plan interval', options: ['month', 'year', 'week', 'day'] },
          { name: 'prices', label: 'Plan price (more can be set later)', list: true, options: priceOptions('recurring') },
        ]} />
      )}
      <Section id="catalog-products" title="Products" value={products.value} error={products.error}>
        {(list) => (
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">Product</th><th scope="col">Description</th><th scope="col">State</th></tr></thead>
              <tbody>
                {list.data.map((product) => (
                  <tr key={product.id}>
                    <td><RenameForm session={session} path={`/v1/products/${encodeURIComponent(product.id)}`} name={product.name} onRenamed={products.reload} /></td>
                    <td>{product.description ?? '—'}</td>
                    <td><ArchiveButton session={session} path={`/v1/products/${encodeURIComponent(product.id)}`} label={product.name} active={product.active} onArchived={products.reload} /></td>
                  </tr>
                ))}
                {list.data.length === 0 && <EmptyRow columns={3} text="No product yet." />}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {mayWrite && (
        <CreateForm session={session} id="new-product" title="New product" path="/v1/products" onCreated={products.reload}
          fields={[{ name: 'name', label: 'Product name', required: true }, { name: 'description', label: 'Description (optional)' }]} />
      )}
      <Section id="catalog-prices" title="Prices" value={prices.value} error={prices.error}>
        {(list) => (
          <>
            {mayWrite && <p><a href={dashboardHref('catalog/prices/new')}>New price</a> (any model, tried in the playground first)</p>}
            <div class="table-scroll">
              <table>
                <thead><tr><th scope="col">Price</th><th scope="col">Currency</th><th scope="col">Billed</th><th scope="col">State</th></tr></thead>
                <tbody>
                  {list.data.map((price) => (
                    <tr key={price.id}>
                      <td>{priceSummary(price)}</td>
                      <td>{price.currency}</td>
                      <td>{price.interval ? `every ${price.interval}` : 'once'}</td>
                      <td><ArchiveButton session={session} path={`/v1/prices/${encodeURIComponent(price.id)}`} label={price.nickname ?? price.id} active={price.active} onArchived={prices.reload} /></td>
                    </tr>
                  ))}
                  {list.data.length === 0 && <EmptyRow columns={4} text="No price yet." />}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Section>
      <Section id="catalog-add-ons" title="Add-ons" value={addOns.value} error={addOns.error}>
        {(list) => (
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">Add-on</th><th scope="col">Code</th><th scope="col">Price</th><th scope="col">State</th></tr></thead>
              <tbody>
                {list.data.map((addOn) => (
                  <tr key={addOn.id}>
                    <td><RenameForm session={session} path={`/v1/add_ons/${encodeURIComponent(addOn.id)}`} name={addOn.name} onRenamed={addOns.reload} /></td>
                    <td>{addOn.code}</td>
                    <td>{addOn.price ? priceSummary(addOn.price) : '—'}</td>
                    <td><ArchiveButton session={session} path={`/v1/add_ons/${encodeURIComponent(addOn.id)}`} label={addOn.name} active={addOn.active} onArchived={addOns.reload} /></td>
                  </tr>
                ))}
                {list.data.length === 0 && <EmptyRow columns={4} text="No add-on yet." />}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section id="catalog-coupons" title="Coupons" value={coupons.value} error={coupons.error}>
        {(list) => (
          <div class="table-scroll">
            <table>
              <thead><tr><th scope="col">Coupon</th><th scope="col">Code</th><th scope="col">Off</th><th scope="col">Duration</th><th scope="col">Redeemed</th><th scope="col">State</th></tr></thead>
              <tbody>
                {list.data.map((coupon) => (
                  <tr key={coupon.id}>
                    <td><RenameForm session={session} path={`/v1/coupons/${encodeURIComponent(coupon.id)}`} name={coupon.name} onRenamed={coupons.reload} /></td>
                    <td>{coupon.code}</td>
                    <td>{coupon.percent_off !== null ? `${coupon.percent_off} %` : money(coupon.amount_off, coupon.currency ?? '')}</td>
                    <td>{coupon.duration}</td>
                    <td>{coupon.times_redeemed}</td>
                    <td><ArchiveButton session={session} path={`/v1/coupons/${encodeURIComponent(coupon.id)}`} label={coupon.name} active={coupon.active} onArchived={coupons.reload} /></td>
                  </tr>
                ))}
                {list.data.length === 0 && <EmptyRow columns={6} text="No coupon yet." />}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {mayWrite && prices.value && (
        <CreateForm session={session} id="new-add-on" title="New add-on" path="/v1/add_ons" onCreated={addOns.reload} fields={[
          { name: 'code', label: 'Add-on code', required: true }, { name: 'name', label: 'Add-on name', required: true },
          { name: 'price', label: 'Add-on price', options: priceOptions('recurring') },
        ]} />
      )}
      {mayWrite && (
        <CreateForm session={session} id="new-coupon" title="New coupon" path="/v1/coupons" onCreated={coupons.reload} fields={[
          { name: 'code', label: 'Coupon code', required: true }, { name: 'name', label: 'Coupon name', required: true },
          { name: 'percent_off', label: 'Percent off (or an amount off)' }, { name: 'amount_off', label: 'Amount off' },
          { name: 'currency', label: 'Currency (with an amount off)' }, { name: 'duration', label: 'Duration', options: ['once', 'repeating', 'forever'] },
        ]} />
      )}
    </Shell>
  );
}
