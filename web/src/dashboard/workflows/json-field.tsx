import { useState } from 'preact/hooks';

/// A textarea holding a JSON value: each edit that parses is handed to `onChange`; one that does
/// not is marked invalid and kept as typed until it does.
export function JsonField({ id, label, value, onChange, rows = 3 }: {
  id: string; label: string; value: unknown; onChange: (value: unknown) => void; rows?: number;
}) {
  const [text, setText] = useState(() => JSON.stringify(value ?? {}, null, 2));
  const [invalid, setInvalid] = useState(false);

  function edit(next: string) {
    setText(next);
    try {
      onChange(JSON.parse(next));
      setInvalid(false);
    } catch {
      setInvalid(true);
    }
  }

  return (
    <>
      <label for={id}>{label}</label>
      <textarea id={id} class="json-field" rows={rows} spellcheck={false} aria-invalid={invalid} aria-describedby={invalid ? `${id}-hint` : undefined}
        value={text} onInput={(e) => edit(e.currentTarget.value)} />
      {invalid && <p id={`${id}-hint`} class="hint">Not valid JSON yet: the last valid value is kept.</p>}
    </>
  );
}
