import { ConditionFields } from './condition-fields';
import { JsonField } from './json-field';
import { ORDER_TYPES, STEP_TYPES, type Condition, type Step } from './types';

type Change = (step: Step) => void;

/// The step with `key` set to `value`, or without it when `value` is undefined (an emptied field).
function withField(step: Step, key: string, value: unknown): Step {
  const next: Step = { ...step };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/// A whole number typed in a field (days, priority, a step position), or undefined when empty;
/// anything else is sent as typed for the server to refuse with its coded error.
const wholeNumber = (text: string): unknown => (text.trim() === '' ? undefined : /^\d+$/.test(text.trim()) ? Number(text.trim()) : text);
const optionalText = (text: string) => (text === '' ? undefined : text);

function TextField({ id, label, step, field, onChange, parse = optionalText }: {
  id: string; label: string; step: Step; field: string; onChange: Change; parse?: (text: string) => unknown;
}) {
  const value = step[field];
  return (
    <>
      <label for={`${id}-${field}`}>{label}</label>
      <input id={`${id}-${field}`} type="text" value={value === undefined || value === null ? '' : String(value)}
        onInput={(e) => onChange(withField(step, field, parse(e.currentTarget.value)))} />
    </>
  );
}

/// The fields of one step by its type (docs/server.md, "Workflows": the steps' table).
export function StepFields({ id, step, onChange }: { id: string; step: Step; onChange: Change }) {
  switch (step.type) {
    case 'provision':
      return (
        <>
          <label for={`${id}-order`}>Order</label>
          <select id={`${id}-order`} value={String(step.order ?? '')} onChange={(e) => onChange(withField(step, 'order', e.currentTarget.value))}>
            {!step.order && <option value="">Choose…</option>}
            {ORDER_TYPES.map((order) => <option key={order} value={order}>{order}</option>)}
          </select>
          <JsonField id={`${id}-params`} label="Order parameters (JSON)" value={step.params ?? {}} onChange={(value) => onChange(withField(step, 'params', value))} />
        </>
      );
    case 'grant_entitlement':
      return (
        <>
          <TextField id={id} label="Feature" step={step} field="feature" onChange={onChange} />
          <TextField id={id} label="Extra amount (decimal)" step={step} field="amount" onChange={onChange} />
          <TextField id={id} label="Days (empty: no end)" step={step} field="days" onChange={onChange} parse={wholeNumber} />
          <TextField id={id} label="Priority" step={step} field="priority" onChange={onChange} parse={wholeNumber} />
          <TextField id={id} label="Reason" step={step} field="reason" onChange={onChange} />
        </>
      );
    case 'set_entitlement':
      return <JsonField id={`${id}-override`} label="Override (JSON: key, kind, terms)" value={step.override ?? {}} onChange={(value) => onChange(withField(step, 'override', value))} />;
    case 'send_email':
      return (
        <>
          <TextField id={id} label="Template" step={step} field="template" onChange={onChange} />
          <JsonField id={`${id}-data`} label="Template data (JSON)" value={step.data ?? {}} onChange={(value) => onChange(withField(step, 'data', value))} />
        </>
      );
    case 'call_webhook':
      return <TextField id={id} label="Webhook endpoint" step={step} field="endpoint" onChange={onChange} />;
    case 'wait':
      return (
        <>
          <TextField id={id} label="Days" step={step} field="days" onChange={onChange} parse={wholeNumber} />
          <TextField id={id} label="Or until (RFC 3339 instant)" step={step} field="until" onChange={onChange} />
        </>
      );
    case 'branch':
      return (
        <>
          <ConditionFields id={`${id}-condition`} legend="Condition" condition={(step.condition as Condition) ?? { field: '', op: 'eq', value: '' }}
            onChange={(condition) => onChange(withField(step, 'condition', condition))} />
          <TextField id={id} label="Then go to step (position, empty: the next)" step={step} field="then" onChange={onChange} parse={wholeNumber} />
          <TextField id={id} label="Else go to step (position, empty: end)" step={step} field="else" onChange={onChange} parse={wholeNumber} />
        </>
      );
    default:
      return <p class="hint">Unknown step type: edit it as JSON.</p>;
  }
}

/// A step's type chooser; changing the type starts that type's step afresh.
export function StepTypeSelect({ id, step, onChange }: { id: string; step: Step; onChange: Change }) {
  return (
    <>
      <label for={`${id}-type`}>Type</label>
      <select id={`${id}-type`} value={step.type} onChange={(e) => onChange({ type: e.currentTarget.value })}>
        {STEP_TYPES.map((type) => <option key={type} value={type}>{type.replace(/_/g, ' ')}</option>)}
      </select>
    </>
  );
}
