// The API pages lists with NextToken (absent on the last page).

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Fetches pages until the last one, or until `limit` items are in hand. */
export async function collectPages<T>(fetchPage: (nextToken: string | undefined) => Promise<Page<T>>, limit = Infinity): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.nextToken || undefined;
  } while (token && items.length < limit);
  return items.slice(0, limit);
}
