/** Issue 13 §5: the one paged-query helper behind the library's and the history's lists. */
import { describe, expect, it } from 'vitest';
import { pagedQuery } from '../../renderer/store/paged-query';
import type { Outcome } from '../../renderer/store/result';

/** A fetch the test answers by hand. */
function deferred<T>() {
  let resolve!: (v: Outcome<T>) => void;
  const promise = new Promise<Outcome<T>>((r) => (resolve = r));
  return { promise, answer: (value: T) => resolve({ ok: true, value }) };
}

describe('pagedQuery', () => {
  it('asks for a page once while it loads, and not at all when it is there', async () => {
    const q = pagedQuery();
    const d = deferred<string>();
    let asked = 0;
    const applied: string[] = [];
    const fetch = () => (asked++, d.promise);
    const apply = (r: Outcome<string>) => void (r.ok && applied.push(r.value));
    const first = q.ensure(0, false, fetch, apply);
    const second = q.ensure(0, false, fetch, apply);
    expect(q.isLoading(0)).toBe(true);
    d.answer('page 0');
    await Promise.all([first, second]);
    expect(asked).toBe(1);
    expect(applied).toEqual(['page 0']);
    expect(q.isLoading(0)).toBe(false);
    await q.ensure(0, true, fetch, apply);
    expect(asked).toBe(1);
  });

  it('drops an answer that comes back after the query changed', async () => {
    const q = pagedQuery();
    const old = deferred<string>();
    const fresh = deferred<string>();
    const applied: string[] = [];
    const apply = (r: Outcome<string>) => void (r.ok && applied.push(r.value));
    const a = q.ensure(0, false, () => old.promise, apply);
    q.reset();
    // The same page of the new query is asked again at once (not blocked by the old request).
    const b = q.ensure(0, false, () => fresh.promise, apply);
    fresh.answer('new query');
    old.answer('old query');
    await Promise.all([a, b]);
    expect(applied).toEqual(['new query']);
  });

  it('a fetch that throws leaves the page askable again', async () => {
    const q = pagedQuery();
    await expect(
      q.ensure(
        1,
        false,
        () => Promise.reject(new Error('transport gone')),
        () => undefined,
      ),
    ).rejects.toThrow('transport gone');
    expect(q.isLoading(1)).toBe(false);
  });
});
