/// A new invitation's link, shown this once (the server keeps only its hash): to send to the
/// invited person, who opens it to choose a password.
export function InvitationLink({ email, link, onDone }: { email: string; link: string; onDone: () => void }) {
  return (
    <div class="success secret" role="region" aria-labelledby="invitation-title">
      <strong id="invitation-title">Invitation for {email}</strong>
      <p>Send this link to {email}; it works once, for seven days. <strong>You will not see it again.</strong></p>
      <label for="invitation-link">Invitation link</label>
      <input id="invitation-link" class="hash" type="text" readOnly value={link}
        onFocus={(event) => (event.target as HTMLInputElement).select()} />
      <div class="actions"><button type="button" class="secondary" onClick={onDone}>Done</button></div>
    </div>
  );
}
