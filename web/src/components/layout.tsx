import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ApiError } from '../api';

/// Every page: a skip link, the header and one <main> landmark.
export function Layout({ title, children }: { title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Ratecard`;
  }, [title]);
  return (
    <>
      <a class="skip" href="#content">Skip to content</a>
      <header class="top">
        <a class="brand" href="/">Ratecard</a>
      </header>
      <main id="content" tabIndex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
    </>
  );
}

/// A server or core error as people read it, with its path and request id for support.
export function ErrorNote({ error, title = 'Something went wrong' }: { error: ApiError; title?: string }) {
  return (
    <div class="error" role="alert">
      <strong>{title}</strong>
      <p>{error.message}</p>
      <p class="small">
        {error.code}
        {error.path ? ` at ${error.path}` : ''}
        {error.request_id ? ` · request ${error.request_id}` : ''}
      </p>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return <p class="loading" role="status" aria-live="polite">Loading {what}…</p>;
}
