import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

/// A new access key's secret, shown this once: selectable text, a copy button and a plain
/// warning that it will not be shown again. `children` says more (a rotation's overlap).
export function SecretOnce({ secret, name, children, onDone }: {
  secret: string; name: string; children?: ComponentChildren; onDone: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  }

  return (
    <div class="success secret" role="region" data-testid="new-secret" aria-labelledby="secret-title">
      <strong id="secret-title">Your new key “{name}”</strong>
      <p>Copy it now: <strong>you will not see it again.</strong> We keep only its prefix and a hash.</p>
      <label for="secret-value">Secret</label>
      <input id="secret-value" class="hash" type="text" readOnly value={secret} data-testid="secret-value"
        onFocus={(event) => (event.target as HTMLInputElement).select()} />
      {children}
      <div class="actions">
        <button type="button" onClick={copy}>Copy key</button>
        <button type="button" class="secondary" onClick={onDone}>I have saved it</button>
      </div>
      <p class="small" role="status" aria-live="polite">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'no' && 'This browser did not allow copying: select the key and copy it yourself.'}
      </p>
    </div>
  );
}
