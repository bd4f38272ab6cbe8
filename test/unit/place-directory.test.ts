import { choosePlace, placeDirectory } from '../../server/services/place-directory';

const named = (...names: string[]) => names.map((name, i) => ({ slug: `p${i}`, name }));

describe('choosePlace: the place a typed text names', () => {
  it('takes a slug, a single match, or the one whose whole name was typed', async () => {
    const directory = await placeDirectory(named('UBND xã Bình Sơn', 'UBND xã Bình Sơn Đông', 'Sở Tư pháp'));
    expect(choosePlace(directory, 'p2').place?.name).toBe('Sở Tư pháp');
    expect(choosePlace(directory, 'tu phap').place?.name).toBe('Sở Tư pháp');
    // "Bình Sơn" begins both names; the first one's whole name, typed again from the field, is that one.
    expect(choosePlace(directory, 'ubnd xa binh son').place?.name).toBe('UBND xã Bình Sơn');
    expect(choosePlace(directory, 'binh son')).toMatchObject({ place: null, matches: { count: 2, typed: 'binh son' } });
    expect(choosePlace(directory, 'nowhere')).toMatchObject({ place: null, matches: { count: 0, places: [] } });
  });
});
