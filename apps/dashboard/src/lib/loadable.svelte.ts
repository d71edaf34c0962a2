/**
 * A value loaded from the API that a screen shows and refreshes: `loading`, `error`, `value` as runes.
 * Unlike a bare promise, a refresh keeps the last value on screen (the home's numbers refresh every minute
 * without flashing a spinner), and an answer that arrives after a newer request started is dropped.
 *
 *   const today = new Loadable(() => api.get<SummaryAnswer>(...));
 *   today.refresh();                 // first load; again on a timer or after a change
 *   <LoadState state={today} what="today's numbers">{#snippet children(s)}...{/snippet}</LoadState>
 */
export class Loadable<T> {
  /** The last value loaded (kept while a refresh runs or after a failed refresh). */
  value = $state.raw<T | undefined>(undefined);
  /** The last failure, cleared by the next success. */
  error = $state.raw<unknown>(null);
  loading = $state(false);
  /** True once a load has succeeded. */
  loaded = $state(false);
  #generation = 0;

  constructor(private readonly fetcher: () => Promise<T>) {}

  /** Loads again; resolves when this load is over (never rejects: the failure is in `error`). */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const value = await this.fetcher();
      if (generation !== this.#generation) return;
      this.value = value;
      this.error = null;
      this.loaded = true;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Replaces the value without a request (after a change the screen made itself). */
  set(value: T): void {
    this.#generation++;
    this.value = value;
    this.error = null;
    this.loaded = true;
    this.loading = false;
  }
}
