import { useState } from 'preact/hooks';

/// Creates an access key: a name and its scopes, all features ("*") or the ones chosen among
/// the plan's. `onCreate` resolves to true when the server issued the key.
export function NewKeyForm({ features, busy, onCreate }: {
  features: string[]; busy: boolean; onCreate: (body: { name: string; scopes: string[] }) => Promise<boolean>;
}) {
  const [name, setName] = useState('');
  const [all, setAll] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);

  async function submit(event: Event) {
    event.preventDefault();
    if (await onCreate({ name: name.trim(), scopes: all ? ['*'] : chosen })) {
      setName('');
      setChosen([]);
      setAll(true);
    }
  }

  const toggle = (feature: string) => setChosen(chosen.includes(feature) ? chosen.filter((f) => f !== feature) : [...chosen, feature]);
  return (
    <form onSubmit={submit} aria-labelledby="new-key-title">
      <h3 id="new-key-title">Create a key</h3>
      <label for="new-key-name">Name</label>
      <input id="new-key-name" type="text" required maxLength={200} autoComplete="off" value={name}
        onInput={(event) => setName((event.target as HTMLInputElement).value)} />
      <fieldset>
        <legend>Scopes: what the key may use</legend>
        <div class="check">
          <input id="new-key-all" type="checkbox" checked={all} onChange={() => setAll(!all)} />
          <label for="new-key-all">All features</label>
        </div>
        {!all && features.map((feature) => (
          <div class="check" key={feature}>
            <input id={`new-key-scope-${feature}`} type="checkbox" checked={chosen.includes(feature)} onChange={() => toggle(feature)} />
            <label for={`new-key-scope-${feature}`}>{feature}</label>
          </div>
        ))}
      </fieldset>
      <div class="actions"><button type="submit" disabled={busy}>Create key</button></div>
    </form>
  );
}
