import { useState } from 'preact/hooks';
import { ROLES, type Role } from './account-types';

export interface NewUser {
  email: string;
  name?: string;
  role: Role;
  seat: boolean;
}

/// Adds a user to the account: email, optional name, role, and (when the plan counts seats)
/// whether they take a seat now. `onAdd` resolves to true when the server added them.
export function AddUserForm({ seatsApply, busy, onAdd }: { seatsApply: boolean; busy: boolean; onAdd: (user: NewUser) => Promise<boolean> }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [seat, setSeat] = useState(seatsApply);

  async function submit(event: Event) {
    event.preventDefault();
    const user: NewUser = { email: email.trim(), role, seat: seatsApply && seat };
    if (name.trim()) user.name = name.trim();
    if (await onAdd(user)) {
      setEmail('');
      setName('');
    }
  }

  return (
    <form onSubmit={submit} aria-labelledby="add-user-title">
      <h3 id="add-user-title">Add a user</h3>
      <label for="new-user-email">Email</label>
      <input id="new-user-email" type="email" required autoComplete="off" value={email}
        onInput={(event) => setEmail((event.target as HTMLInputElement).value)} />
      <label for="new-user-name">Name (optional)</label>
      <input id="new-user-name" type="text" autoComplete="off" value={name}
        onInput={(event) => setName((event.target as HTMLInputElement).value)} />
      <label for="new-user-role">Role</label>
      <select id="new-user-role" value={role} onChange={(event) => setRole((event.target as HTMLSelectElement).value as Role)}>
        {ROLES.map((option) => <option key={option} value={option}>{option}</option>)}
      </select>
      {seatsApply && (
        <div class="check">
          <input id="new-user-seat" type="checkbox" checked={seat} onChange={() => setSeat(!seat)} />
          <label for="new-user-seat">Give them a seat now</label>
        </div>
      )}
      <div class="actions"><button type="submit" disabled={busy}>Add user</button></div>
    </form>
  );
}
