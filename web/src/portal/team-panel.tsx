import { useEffect, useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { quantity as formatQuantity } from '../format';
import { ErrorNote, Loading } from '../components/layout';
import type { Subscription } from './types';
import type { AccountUser, Role, SeatAssignment, Seats } from './account-types';
import { AddUserForm, type NewUser } from './add-user-form';
import { TeamMember } from './team-member';
import { useAction } from './use-action';

/// The account's team: its users and their roles, and (when the plan counts seats) how many
/// seats there are and who holds them. Every refusal is the server's coded error as it answered
/// (the last owner cannot be removed or demoted; past the seat limit a plan refuses, or bills
/// the extra seats, which the notice then says). `quantity` is the subscription's: the seat
/// limit follows it, so the seats are read again when it changes.
export function TeamPanel({ customerId, token, seatsApply, quantity, onBilled }: {
  customerId: string; token: string; seatsApply: boolean; quantity: string; onBilled: (subscription: Subscription) => void;
}) {
  const [users, setUsers] = useState<AccountUser[] | null>(null);
  const [seats, setSeats] = useState<Seats | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const { busy, error, notice, run, say } = useAction(token);
  const base = `/v1/customers/${customerId}`;

  // Reads the users and seats again; resolves to the seats (null without seats or on an error).
  async function load(): Promise<Seats | null> {
    const [userList, seatSummary] = await Promise.all([
      api<{ data: AccountUser[] }>('GET', `${base}/account/users`, { token }),
      seatsApply ? api<Seats>('GET', `${base}/seats`, { token }) : Promise.resolve(null),
    ]);
    if (!userList.ok) return fail(userList.error);
    if (seatSummary && !seatSummary.ok) return fail(seatSummary.error);
    setUsers(userList.value.data.filter((user) => user.status === 'active'));
    if (!seatSummary) return null;
    setSeats(seatSummary.value);
    return seatSummary.value;
  }

  function fail(loadFailure: ApiError) {
    setLoadError(loadFailure);
    return null;
  }

  useEffect(() => {
    load();
  }, [customerId, seatsApply, quantity]);

  async function change<T>(method: string, path: string, body: unknown, done: (value: T) => string): Promise<T | null> {
    const value = await run<T>(method, `${base}${path}`, body, done);
    if (value !== null) await load();
    return value;
  }

  // A user added with a seat past the limit, on a plan that bills extra seats, raised the
  // subscription: the answer (the user) does not say so, the seat limit read again does.
  async function addUser(user: NewUser) {
    const limitBefore = seats?.limit;
    const added = await run<AccountUser>('POST', `${base}/account/users`, user,
      (answer) => `${answer.email} was added as ${answer.role}${answer.seat ? ', with a seat' : ''}.`);
    if (!added) return false;
    const after = await load();
    if (added.seat && after?.subscription && limitBefore !== undefined && after.limit !== limitBefore) {
      const subscription = await api<Subscription>('GET', `/v1/subscriptions/${after.subscription}`, { token });
      if (subscription.ok) {
        onBilled(subscription.value);
        say(`${added.email} was added with a seat. ${billedNotice(subscription.value.quantity)}`);
      }
    }
    return true;
  }
  const changeRole = async (user: AccountUser, role: Role) => null !== await change<AccountUser>('PATCH', `/account/users/${user.id}`, { role },
    (changed) => `${changed.email} is now ${changed.role}.`);
  const remove = (user: AccountUser) => change<AccountUser>('POST', `/account/users/${user.id}/remove`, undefined,
    (removed) => `${removed.email} was removed${user.seat ? '; their seat is free' : ''}.`);
  async function seat(user: AccountUser, assign: boolean) {
    if (!assign) {
      await change<AccountUser>('POST', '/seats/unassign', { user: user.id }, () => `${user.email}'s seat is free.`);
      return;
    }
    const assigned = await change<SeatAssignment>('POST', '/seats/assign', { user: user.id }, (answer) => answer.billed
      ? `${user.email} holds a seat. ${billedNotice(answer.billed.quantity)}`
      : `${user.email} holds a seat.`);
    if (assigned?.billed) onBilled(assigned.billed as unknown as Subscription);
  }

  return (
    <section class="panel" aria-labelledby="team-title">
      <h2 id="team-title">Team</h2>
      {loadError && <ErrorNote error={loadError} title="Your team could not be read" />}
      {!users && !loadError && <Loading what="your team" />}
      {seats && (
        <p data-testid="seat-count">
          Seats: <strong>{formatQuantity(seats.used ?? '0')}</strong> used of{' '}
          <strong>{seats.limit === null ? 'unlimited' : formatQuantity(seats.limit)}</strong>
          {seats.limit !== null && <span class="small"> (your subscription's quantity)</span>}
        </p>
      )}
      {seats && seats.available === '0' && (
        <p class="hint">All seats are taken: as your plan says, another seat is either refused or added to your subscription and billed.</p>
      )}
      {users && (
        <ul class="rows" aria-label="Users">
          {users.map((user) => (
            <TeamMember key={user.id} user={user} seatsApply={seatsApply} busy={busy}
              onRole={(role) => changeRole(user, role)} onSeat={(assign) => seat(user, assign)} onRemove={() => remove(user)} />
          ))}
        </ul>
      )}
      <div aria-live="polite">
        {notice && <p class="success" data-testid="team-notice">{notice}</p>}
      </div>
      {error && <ErrorNote error={error} title="That did not work" />}
      {users && <AddUserForm seatsApply={seatsApply} busy={busy} onAdd={addUser} />}
    </section>
  );
}

const billedNotice = (quantity: string) =>
  `Your plan bills extra seats: your subscription now has ${formatQuantity(quantity)} seats, prorated on your next invoice.`;
