/**
 * Where FerretDB v1 would scan a whole collection for one `$in`, the local engine looks each key
 * up on its own (an equality it pushes down to an index), a few at a time.
 */
const LOOKUPS_AT_ONCE = 16;

/** The documents found for `keys`, in their order; keys with none are left out. */
export async function lookupEach<Key, Found>(keys: readonly Key[], lookup: (key: Key) => Promise<Found | null>): Promise<Found[]> {
  const found: Found[] = [];
  for (let from = 0; from < keys.length; from += LOOKUPS_AT_ONCE) {
    for (const document of await Promise.all(keys.slice(from, from + LOOKUPS_AT_ONCE).map(lookup))) if (document) found.push(document);
  }
  return found;
}
