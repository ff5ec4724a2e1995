import type { ComponentChildren } from 'preact';
import type { ApiError } from '../../api';
import { ErrorNote, Loading } from '../../components/layout';

/// A titled part of a page that shows its data once loaded, or its error, or that it loads.
export function Section<T>({ id, title, value, error, children }: {
  id: string; title: string; value: T | null; error: ApiError | null; children: (value: T) => ComponentChildren;
}) {
  return (
    <section aria-labelledby={id} class="panel dash-section">
      <h2 id={id}>{title}</h2>
      {error && <ErrorNote error={error} title={`${title} could not be loaded`} />}
      {!error && value === null && <Loading what={title.toLowerCase()} />}
      {!error && value !== null && children(value)}
    </section>
  );
}

/// A table's "nothing here" row.
export function EmptyRow({ columns, text }: { columns: number; text: string }) {
  return <tr><td colSpan={columns}>{text}</td></tr>;
}
