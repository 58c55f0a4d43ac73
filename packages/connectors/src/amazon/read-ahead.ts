/**
 * Iterates `source` one page ahead: the next page is requested (its usage-plan token waited for)
 * while the engine still maps the current one, so a sync at the quota is not idle between pages.
 * Pages are still yielded in order, so checkpoints stay in order.
 */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let pending = source.next();
  try {
    while (true) {
      const current = await pending;
      if (current.done) return;
      pending = source.next();
      // A failed prefetch surfaces when it is awaited; until then it must not count as unhandled.
      pending.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await source.return(undefined);
  }
}
