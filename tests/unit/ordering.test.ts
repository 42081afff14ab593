import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byName } from '../../shared/domain/ordering.ts';

const collator = new Intl.Collator('en');
const sign = (value: number) => Math.sign(value);

describe('byName: the order of names people read, without a collator', () => {
  it('orders by letters, then accents, then case, lower first', () => {
    const names = ['Łódź', 'web 1', 'Lodz', 'Wąchock', 'lódź', 'Web 1', 'Waz', 'Wac', 'a-b', 'a b', 'Żagań', 'Zakopane', 'S', 's', 'Ś'];
    expect([...names].sort(byName)).toEqual(['a b', 'a-b', 'Lodz', 'lódź', 'Łódź', 's', 'S', 'Ś', 'Wac', 'Wąchock', 'Waz', 'web 1', 'Web 1', 'Żagań', 'Zakopane']);
  });

  it('agrees with Intl.Collator on names of Polish and English letters, digits, spaces and dots', () => {
    const letter = fc.constantFrom(...'aąbcćeęlłnńoósśzźżAĄCĆEĘLŁNŃOÓSŚZŹŻ019 -.'.split(''));
    const name = fc.array(letter, { maxLength: 8 }).map((letters) => letters.join(''));
    fc.assert(
      fc.property(name, name, (a, b) => {
        expect(sign(byName(a, b)), `${a} vs ${b}`).toBe(sign(collator.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with Intl.Collator where two names differ only in accents and case', () => {
    const variants = ['aąAĄ', 'cćCĆ', 'eęEĘ', 'lłLŁ', 'nńNŃ', 'oóOÓ', 'sśSŚ', 'zźżZŹŻ', '1', ' ', '-'].map((group) => group.split(''));
    const pair = fc
      .array(fc.tuple(fc.nat(variants.length - 1), fc.nat(5), fc.nat(5)), { minLength: 1, maxLength: 6 })
      .map((letters) => {
        const pick = (group: string[], index: number) => group[index % group.length]!;
        return [
          letters.map(([group, first]) => pick(variants[group]!, first)).join(''),
          letters.map(([group, , second]) => pick(variants[group]!, second)).join(''),
        ] as const;
      });
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sign(byName(a, b)), `${a} vs ${b}`).toBe(sign(collator.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });
});
