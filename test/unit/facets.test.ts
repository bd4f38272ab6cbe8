/**
 * Which facet values a list shows (domain/facets.ts): the index sends only these to the page's thread, and the
 * page shows them, so both must agree on the rule, including its edges.
 */
import { FACET_PREVIEW, facetShownWhole, shownFacetValues, shownFacets, type FacetCount } from '../../domain/facets';
import { NO_FILTERS } from '../../domain/filters';

const values = (n: number): FacetCount[] => Array.from({ length: n }, (_, i) => ({ value: `co-quan-${i}`, label: `Cơ quan ${i}`, count: n - i }));
const none = { ...NO_FILTERS };

describe('the facet values shown', () => {
  it('shows a facet hardly longer than its preview whole, a longer one cut to the preview', () => {
    expect(shownFacetValues(values(FACET_PREVIEW + 2), 'agency', none, [])).toHaveLength(FACET_PREVIEW + 2);
    expect(shownFacetValues(values(FACET_PREVIEW + 3), 'agency', none, [])).toHaveLength(FACET_PREVIEW);
    expect(facetShownWhole('agency', FACET_PREVIEW + 3, ['agency'])).toBe(true);
    expect(shownFacetValues(values(1750), 'agency', none, ['agency'])).toHaveLength(1750);
  });

  it('keeps selected values beyond the preview, in their place', () => {
    const shown = shownFacetValues(values(40), 'agency', { ...none, agencies: ['co-quan-30', 'co-quan-2'] }, []);
    expect(shown.map((v) => v.value)).toEqual([...Array.from({ length: FACET_PREVIEW }, (_, i) => `co-quan-${i}`), 'co-quan-30']);
  });

  it('says how many values each facet has, whatever it shows', () => {
    const all = { agency: values(1750), field: values(3), tier: [], level: values(12), portal: values(2) };
    const { facets, sizes } = shownFacets(all, { ...none, levels: [4] }, ['field']);
    expect(sizes).toEqual({ agency: 1750, field: 3, tier: 0, level: 12, portal: 2 });
    expect(facets.agency).toHaveLength(FACET_PREVIEW);
    expect(facets.level).toHaveLength(FACET_PREVIEW);
    expect(facets.field).toEqual(all.field);
  });
});
