import type { List } from './use-resource';

/// The button under a paged list while the server has more: hands the next page's cursor to
/// `onNext`. Nothing once the list is complete.
export function NextPageButton({ list, onNext, label = 'Next page' }: { list: List<unknown>; onNext: (cursor: string) => void; label?: string }) {
  const cursor = list.next_cursor;
  if (!list.has_more || !cursor) return null;
  return <div class="actions"><button type="button" class="secondary" onClick={() => onNext(cursor)}>{label}</button></div>;
}
