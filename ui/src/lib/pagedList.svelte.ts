import { toApiError, type ApiError, type Page } from "./api";
import { latestOnly } from "./debounce";

/** Rows a page of a long list shows. */
export const PAGE_SIZE = 100;

/**
 * One page of a long list (accounts, opportunities), read as `{offset, limit} → {total, rows}`: the backend
 * filters, sorts and counts; the screen shows a window and the real count. The newest request wins; a failure
 * is kept for the retry banner.
 */
export class PagedList<T> {
  rows = $state<T[]>([]);
  total = $state(0);
  offset = $state(0);
  query = $state("");
  loading = $state(true);
  error = $state<ApiError | null>(null);
  readonly #requests = latestOnly();
  readonly #fetch: (query: string, offset: number, limit: number) => Promise<Page<T>>;

  constructor(fetch: (query: string, offset: number, limit: number) => Promise<Page<T>>) {
    this.#fetch = fetch;
  }

  get settled(): boolean {
    return !this.loading && !this.error;
  }

  get hasPrevious(): boolean {
    return this.offset > 0;
  }

  get hasNext(): boolean {
    return this.offset + this.rows.length < this.total;
  }

  /** The first page for `query` (the current one when omitted), e.g. after the filter changed. */
  load = (query: string = this.query): Promise<void> => {
    this.query = query;
    return this.fetchAt(0);
  };

  /** The same page again (after an edit). */
  reload = (): Promise<void> => this.fetchAt(this.offset);

  next = (): Promise<void> => this.fetchAt(this.offset + PAGE_SIZE);

  previous = (): Promise<void> => this.fetchAt(Math.max(0, this.offset - PAGE_SIZE));

  private async fetchAt(offset: number): Promise<void> {
    const token = this.#requests.begin();
    this.loading = true;
    try {
      const page = await this.#fetch(this.query, offset, PAGE_SIZE);
      if (!this.#requests.isCurrent(token)) return;
      this.rows = page.rows;
      this.total = page.total;
      this.offset = page.offset;
      this.error = null;
    } catch (e) {
      if (this.#requests.isCurrent(token)) this.error = toApiError(e);
    } finally {
      if (this.#requests.isCurrent(token)) this.loading = false;
    }
  }
}
