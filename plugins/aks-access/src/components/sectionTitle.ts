/**
 * For an InfoCard's `titleTypographyProps` on the tab. InfoCard renders its
 * title as a span, which leaves the headings inside a card (h3) following the
 * entity page's own, a level or more above them; as an h2 each card opens its
 * section, and axe's heading-order holds under either frontend system's
 * entity header (h1 title in the legacy one, h2 under the app's h1 in the new).
 */
export const SECTION_TITLE = { component: 'h2' } as const;
