// A form creating one catalog object: its fields become the POST body (empty ones left out;
// the server validates the rest and its coded error is shown at the form).
import { useState } from 'preact/hooks';
import type { ApiError } from '../../api';
import { ErrorNote } from '../../components/layout';
import { call, type Session } from '../session';

export interface Field {
  name: string;
  label: string;
  required?: boolean;
  /// A select's choices (the first is the default), a value or a value with its label; a text
  /// field without.
  options?: (string | { value: string; label: string })[];
  /// Sent as a list of the one value (a plan's `prices`).
  list?: boolean;
}

const valueOf = (option: string | { value: string }) => (typeof option === 'string' ? option : option.value);
const labelOf = (option: string | { label: string }) => (typeof option === 'string' ? option : option.label);

export function CreateForm({ session, id, title, path, fields, onCreated }: {
  session: Session; id: string; title: string; path: string; fields: Field[]; onCreated: () => void;
}) {
  const initial = () => Object.fromEntries(fields.map((field) => [field.name, field.options?.length ? valueOf(field.options[0]) : '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const body = Object.fromEntries(fields.filter((field) => values[field.name] !== '')
      .map((field) => [field.name, field.list ? [values[field.name]] : values[field.name]]));
    const outcome = await call<unknown>(session, 'POST', path, body);
    setBusy(false);
    if (!outcome.ok) return setError(outcome.error);
    setValues(initial());
    return onCreated();
  }

  return (
    <form class="panel dash-section" onSubmit={submit} aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {fields.map((field) => (
        <label key={field.name}>
          {field.label}
          {field.options ? (
            <select value={values[field.name]} onChange={(e) => setValues({ ...values, [field.name]: e.currentTarget.value })}>
              {field.options.map((option) => <option key={valueOf(option)} value={valueOf(option)}>{labelOf(option)}</option>)}
            </select>
          ) : (
            <input type="text" required={field.required} value={values[field.name]}
              onInput={(e) => setValues({ ...values, [field.name]: e.currentTarget.value })} />
          )}
        </label>
      ))}
      {error && <ErrorNote error={error} title="Not created" />}
      <div class="actions"><button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create'}</button></div>
    </form>
  );
}
