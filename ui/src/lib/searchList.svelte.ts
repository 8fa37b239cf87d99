import { toApiError, type ApiError } from "./api";
import { latestOnly } from "./debounce";

/**
 * A list screen's rows for a search query: the newest query wins, failures are kept for a retry banner.
 * Every list (customers, catalog, quotes) loads through one of these.
 */
export class SearchList<T> {
  rows = $state<T[]>([]);
  query = $state("");
  loading = $state(true);
  error = $state<ApiError | null>(null);
  readonly #requests = latestOnly();
  readonly #fetch: (query: string) => Promise<T[]>;

  constructor(fetch: (query: string) => Promise<T[]>) {
    this.#fetch = fetch;
  }

  /** Loaded without an error: an empty list means "nothing here" (or "nothing matches"). */
  get settled(): boolean {
    return !this.loading && !this.error;
  }

  /** Load the rows for `query` (the current one when omitted). */
  load = async (query: string = this.query): Promise<void> => {
    this.query = query;
    const token = this.#requests.begin();
    this.loading = true;
    try {
      const rows = await this.#fetch(query);
      if (!this.#requests.isCurrent(token)) return;
      this.rows = rows;
      this.error = null;
    } catch (e) {
      if (this.#requests.isCurrent(token)) this.error = toApiError(e);
    } finally {
      if (this.#requests.isCurrent(token)) this.loading = false;
    }
  };
}
