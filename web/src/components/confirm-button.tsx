import { useState } from 'preact/hooks';

/// A button for an action that cannot be undone: the first press asks, in place, for a
/// confirmation (`question`), which the second button gives; "Keep" goes back.
export function ConfirmButton({ label, question, confirmLabel, disabled, onConfirm }: {
  label: string; question: string; confirmLabel: string; disabled?: boolean; onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return <button type="button" class="secondary" disabled={disabled} onClick={() => setAsking(true)}>{label}</button>;
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="small">{question}</span>
      <button type="button" class="danger" disabled={disabled} onClick={() => { setAsking(false); onConfirm(); }}>{confirmLabel}</button>
      <button type="button" class="secondary" onClick={() => setAsking(false)}>Keep</button>
    </span>
  );
}
