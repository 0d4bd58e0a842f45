/**
 * Browsers cap an element's height: about 33.5 million px in Chromium and 17.9 million in Firefox.
 * A million rows at 28 px is 28 million px, so past this cap the scroll area is shortened and each real
 * pixel of scrolling stands for `factor` pixels of rows. Below it (up to ~535,000 rows) factor is 1 and
 * scrolling is exactly native.
 */
export const MAX_SCROLL_PX = 15_000_000;

export type ScrollScale = {
  /** Height of the element that makes the scroll area. */
  spacerPx: number;
  /** Row pixels per real scrolled pixel (≥ 1). */
  factor: number;
};

/** `contentPx`: all rows end to end; `viewportPx`: the visible height the rows scroll in. */
export function scrollScale(contentPx: number, viewportPx: number, maxPx = MAX_SCROLL_PX): ScrollScale {
  if (contentPx <= maxPx || viewportPx >= maxPx) return { spacerPx: contentPx, factor: 1 };
  // The last real position (spacer - viewport) must show the last rows (content - viewport).
  return { spacerPx: maxPx, factor: (contentPx - viewportPx) / (maxPx - viewportPx) };
}

/** Where a row starting at `rowStartPx` is drawn inside the spacer when the real scroll position is
 * `scrollTop`: at its own place when factor is 1, otherwise moved with the visible window. */
export function drawnTop(rowStartPx: number, scrollTop: number, factor: number): number {
  return rowStartPx - scrollTop * (factor - 1);
}
