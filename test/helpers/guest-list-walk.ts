/**
 * Walks the guest list's JSON pages from `first` by their `Link: <…>; rel="next"` headers, as a script would:
 * every row in the order the pages gave them, and each page's link relations ("next", "prev+next", "prev").
 * `fetchJson` asks for a path (with its query) in JSON; each page must answer 200.
 */
export async function walkGuestListJson(
  first: string,
  fetchJson: (path: string) => Promise<Response>,
): Promise<{ rows: unknown[]; rels: string[]; statuses: number[] }> {
  const rows: unknown[] = [];
  const rels: string[] = [];
  const statuses: number[] = [];
  let path: string | undefined = first;
  while (path) {
    const res = await fetchJson(path);
    statuses.push(res.status);
    if (res.status !== 200) break;
    rows.push(...((await res.json()) as unknown[]));
    const link = res.headers.get("link") ?? "";
    rels.push([...link.matchAll(/rel="(\w+)"/g)].map((m) => m[1]).join("+"));
    const next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
    path = next ? new URL(next).pathname + new URL(next).search : undefined;
  }
  return { rows, rels, statuses };
}
