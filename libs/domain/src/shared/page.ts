/** A list answer: every match unless the caller asked for a page. */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageRequest {
  limit?: number;
  offset?: number;
}
