// The live quote page's script (examples/browser-quote.html): prices the chosen plan with the
// core as WebAssembly in the page each time the quantity changes.
import { createRatecard, BillingError } from '../dist/ratecard.browser.mjs';

const $ = (id) => document.getElementById(id);
const plans = await (await fetch(new URL('./plans.json', import.meta.url))).json();
const rc = await createRatecard();
$('backend').textContent = `Priced in this page by the Ratecard core (${rc.backend}).`;

for (const plan of plans) $('plan').add(new Option(plan.label, plan.id));
const currentPlan = () => plans.find((plan) => plan.id === $('plan').value);

function describe(line) {
  if (line.kind === 'tier') {
    const bound = line.up_to === null ? 'and above' : `up to ${line.up_to}`;
    return [`Tier ${line.tier_index + 1} (${bound})`, line.quantity, line.unit_amount ?? line.rate ?? line.flat_amount];
  }
  if (line.kind === 'package') return [`${line.packages} package(s) of ${line.package_size}`, line.billable_quantity, line.package_amount];
  if (line.kind === 'unit') return ['Units', line.quantity, line.unit_amount];
  return [line.kind, '', ''];
}

// Quantities stay decimal strings from the text box to the core: no floating point.
function quote() {
  const plan = currentPlan();
  const rows = $('lines').tBodies[0];
  rows.replaceChildren();
  try {
    const result = rc.price({ currency: plan.currency, price: plan.price, quantity: $('quantity').value });
    $('total').textContent = `${result.amount} ${result.currency}`;
    $('error').hidden = true;
    for (const line of result.lines) {
      const row = rows.insertRow();
      for (const cell of [...describe(line), line.amount]) row.insertCell().textContent = cell;
    }
  } catch (error) {
    if (!(error instanceof BillingError)) throw error;
    $('total').textContent = '—';
    $('error').textContent = `${error.code} at ${error.path}: ${error.message}`;
    $('error').hidden = false;
  }
}

function selectPlan() {
  const plan = currentPlan();
  Object.assign($('slider'), { max: String(plan.max), step: String(plan.step), value: plan.quantity });
  $('quantity').value = plan.quantity;
  quote();
}

$('plan').addEventListener('change', selectPlan);
$('slider').addEventListener('input', () => { $('quantity').value = $('slider').value; quote(); });
$('quantity').addEventListener('input', () => {
  if (/^\d+$/.test($('quantity').value)) $('slider').value = $('quantity').value;
  quote();
});
selectPlan();
document.body.dataset.ready = 'true';
