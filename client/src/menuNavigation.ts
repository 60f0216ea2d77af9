/**
 * Where a key moves the highlight in a list of `count` items (a menu or a list of suggestions):
 * arrows step and wrap around, Home and End jump to the ends. `current` is -1 when nothing is
 * highlighted yet, so ArrowDown starts at the first item and ArrowUp at the last. Returns null
 * for any other key, or when there is nothing to move to.
 */
export function movedHighlight(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : (current + 1) % count;
    case 'ArrowUp':
      return current < 0 ? count - 1 : (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
