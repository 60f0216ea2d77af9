import { movedHighlight } from '../../client/src/menuNavigation';

test('arrows step through the items and wrap around at both ends', () => {
  expect(movedHighlight('ArrowDown', 0, 3)).toBe(1);
  expect(movedHighlight('ArrowDown', 2, 3)).toBe(0);
  expect(movedHighlight('ArrowUp', 1, 3)).toBe(0);
  expect(movedHighlight('ArrowUp', 0, 3)).toBe(2);
});

test('with nothing highlighted, ArrowDown starts at the first item and ArrowUp at the last', () => {
  expect(movedHighlight('ArrowDown', -1, 3)).toBe(0);
  expect(movedHighlight('ArrowUp', -1, 3)).toBe(2);
});

test('Home and End jump to the ends; other keys and empty lists move nothing', () => {
  expect(movedHighlight('Home', 2, 3)).toBe(0);
  expect(movedHighlight('End', 0, 3)).toBe(2);
  expect(movedHighlight('Enter', 1, 3)).toBeNull();
  expect(movedHighlight('ArrowDown', -1, 0)).toBeNull();
});
