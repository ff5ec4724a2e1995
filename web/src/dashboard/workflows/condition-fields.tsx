import { CONDITION_OPS, type Condition } from './types';

const LIST_OPS = ['in', 'not_in'];

/// The text of a condition's value: a list (for in and not_in) as comma-separated items.
const valueText = (value: Condition['value']) => (Array.isArray(value) ? value.join(', ') : String(value ?? ''));

/// The value typed for an operator: a list of trimmed items for in and not_in, else the text
/// itself (numbers stay decimal strings; the server compares them exactly).
function parseValue(op: string, text: string): Condition['value'] {
  return LIST_OPS.includes(op) ? text.split(',').map((item) => item.trim()).filter(Boolean) : text;
}

/// One condition { field, op, value } as three fields.
export function ConditionFields({ id, legend, condition, onChange, onRemove }: {
  id: string; legend: string; condition: Condition; onChange: (condition: Condition) => void; onRemove?: () => void;
}) {
  const op = condition.op ?? 'eq';
  return (
    <fieldset class="workflow-condition">
      <legend>{legend}</legend>
      <label for={`${id}-field`}>Field</label>
      <input id={`${id}-field`} type="text" value={condition.field ?? ''} onInput={(e) => onChange({ ...condition, field: e.currentTarget.value })} />
      <label for={`${id}-op`}>Operator</label>
      <select id={`${id}-op`} value={op} onChange={(e) => onChange({ ...condition, op: e.currentTarget.value, value: parseValue(e.currentTarget.value, valueText(condition.value)) })}>
        {CONDITION_OPS.map((option) => <option key={option} value={option}>{option}</option>)}
      </select>
      <label for={`${id}-value`}>Value{LIST_OPS.includes(op) ? 's (comma-separated)' : ''}</label>
      <input id={`${id}-value`} type="text" value={valueText(condition.value)} onInput={(e) => onChange({ ...condition, value: parseValue(op, e.currentTarget.value) })} />
      {onRemove && <div class="actions"><button type="button" class="secondary" onClick={onRemove}>Remove {legend.toLowerCase()}</button></div>}
    </fieldset>
  );
}
