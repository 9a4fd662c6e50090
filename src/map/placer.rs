//! Placing labels without overlap: a greedy placer that tries eight positions around each
//! anchor, in priority order, rejects those that overlap what is already placed or leave the
//! frame, prefers those crossing the fewest drawn lines, and drops a label when nothing fits.
//! What is placed and the lines to avoid are kept in a grid of cells, so that a candidate is
//! checked against what is near it only, however large the network.

use super::geometry::Rect;
use super::text::text_width;
use std::collections::BTreeMap;

/// Side of a grid cell in pixels: about a short label's width.
const CELL_PX: f64 = 32.0;

/// Items (by index) in each grid cell they touch.
#[derive(Debug, Default)]
struct Grid {
    cells: BTreeMap<(i64, i64), Vec<usize>>,
}

impl Grid {
    /// The cells a rectangle touches.
    fn cells_of(r: &Rect) -> impl Iterator<Item = (i64, i64)> {
        let cell = |v: f64| (v / CELL_PX).floor() as i64;
        let (cx0, cx1, cy0, cy1) = (cell(r.x0), cell(r.x1), cell(r.y0), cell(r.y1));
        (cx0..=cx1).flat_map(move |x| (cy0..=cy1).map(move |y| (x, y)))
    }

    fn insert(&mut self, r: &Rect, item: usize) {
        for key in Grid::cells_of(r) {
            self.cells.entry(key).or_default().push(item);
        }
    }

    /// The items in the cells `r` touches, each once, in increasing order.
    fn near(&self, r: &Rect) -> Vec<usize> {
        let mut items: Vec<usize> = Grid::cells_of(r)
            .filter_map(|key| self.cells.get(&key))
            .flatten()
            .copied()
            .collect();
        items.sort_unstable();
        items.dedup();
        items
    }
}

/// The bounding box of a segment.
fn segment_box(a: [f64; 2], b: [f64; 2]) -> Rect {
    Rect {
        x0: a[0].min(b[0]),
        y0: a[1].min(b[1]),
        x1: a[0].max(b[0]),
        y1: a[1].max(b[1]),
    }
}

/// Where a label goes: the text's anchor point and SVG `text-anchor`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placement {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) anchor: &'static str,
}

/// A greedy label placer over a pixel frame.
#[derive(Debug)]
pub(crate) struct Placer {
    frame: Rect,
    taken: Vec<Rect>,
    taken_grid: Grid,
    lines: Vec<[[f64; 2]; 2]>,
    lines_grid: Grid,
}

impl Placer {
    /// A placer for labels that must stay inside `frame`.
    pub(crate) fn new(frame: Rect) -> Placer {
        Placer {
            frame,
            taken: Vec::new(),
            taken_grid: Grid::default(),
            lines: Vec::new(),
            lines_grid: Grid::default(),
        }
    }

    /// Marks an area as used (a marker, a badge, the scale bar).
    pub(crate) fn block(&mut self, r: Rect) {
        // Only what is in the frame can stop a label (which must be in the frame).
        if !r.overlaps(&self.frame) {
            return;
        }
        self.taken_grid.insert(&r, self.taken.len());
        self.taken.push(r);
    }

    /// Adds a drawn polyline that labels should avoid crossing when they can; the parts
    /// outside the frame are not kept.
    pub(crate) fn avoid_line(&mut self, points: &[[f64; 2]]) {
        for w in points.windows(2) {
            let Some((a, b)) = self.frame.clip_segment(w[0], w[1]) else {
                continue;
            };
            self.lines_grid.insert(&segment_box(a, b), self.lines.len());
            self.lines.push([a, b]);
        }
    }

    /// Whether a rectangle is inside the frame and free.
    pub(crate) fn is_free(&self, r: &Rect) -> bool {
        r.inside(&self.frame)
            && !self
                .taken_grid
                .near(r)
                .into_iter()
                .any(|i| self.taken[i].overlaps(r))
    }

    /// Places `text` next to `at` (a marker of radius `gap`) and reserves its box; `None` when
    /// no position is free. Tries eight positions close to the marker, then eight a little
    /// further out. O(positions × what is placed and drawn near the marker).
    pub(crate) fn place(
        &mut self,
        at: [f64; 2],
        gap: f64,
        text: &str,
        font_px: f64,
        bold: bool,
    ) -> Option<Placement> {
        let found = self
            .best_position(at, gap + 2.0, text, font_px, bold)
            .or_else(|| self.best_position(at, gap + 10.0, text, font_px, bold))?;
        let (r, placement) = found;
        self.block(r);
        Some(placement)
    }

    fn best_position(
        &self,
        at: [f64; 2],
        g: f64,
        text: &str,
        font_px: f64,
        bold: bool,
    ) -> Option<(Rect, Placement)> {
        let text_w = text_width(text, font_px, bold);
        let box_h = font_px * 1.15;
        let ascent = font_px * 0.35;
        let d = g * 0.75;
        // (x, y of the text baseline, anchor, box left)
        let candidates = [
            (at[0] + g, at[1] + ascent, "start", at[0] + g),
            (at[0] - g, at[1] + ascent, "end", at[0] - g - text_w),
            (at[0] + d, at[1] - d, "start", at[0] + d),
            (at[0] + d, at[1] + d + font_px * 0.8, "start", at[0] + d),
            (at[0] - d, at[1] - d, "end", at[0] - d - text_w),
            (
                at[0] - d,
                at[1] + d + font_px * 0.8,
                "end",
                at[0] - d - text_w,
            ),
            (at[0], at[1] - g - 1.0, "middle", at[0] - text_w / 2.0),
            (
                at[0],
                at[1] + g + font_px * 0.85,
                "middle",
                at[0] - text_w / 2.0,
            ),
        ];
        let mut best: Option<(usize, Rect, Placement)> = None;
        for (x, y, anchor, left) in candidates {
            let r = Rect {
                x0: left - 1.0,
                y0: y - font_px * 0.85,
                x1: left + text_w + 1.0,
                y1: y - font_px * 0.85 + box_h,
            };
            if !self.is_free(&r) {
                continue;
            }
            let crossings = self
                .lines_grid
                .near(&r)
                .into_iter()
                .filter(|&i| r.meets_segment(self.lines[i][0], self.lines[i][1]))
                .count();
            if best.as_ref().is_none_or(|(c, _, _)| crossings < *c) {
                best = Some((crossings, r, Placement { x, y, anchor }));
                if crossings == 0 {
                    break;
                }
            }
        }
        best.map(|(_, r, p)| (r, p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_do_not_overlap_and_fall_back_around_the_anchor() {
        let mut placer = Placer::new(Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 400.0,
            y1: 200.0,
        });
        let a = placer.place([100.0, 100.0], 4.0, "Aktau", 12.0, false);
        assert_eq!(a.as_ref().map(|p| p.anchor), Some("start"));
        // The same anchor again: the right is taken, so it goes elsewhere.
        let b = placer.place([100.0, 100.0], 4.0, "Aktau", 12.0, false);
        assert!(b.is_some());
        assert_ne!(a, b);
        // At the right edge the text goes to the left.
        let c = placer.place([398.0, 50.0], 4.0, "Baku", 12.0, false);
        assert_eq!(c.map(|p| p.anchor), Some("end"));
    }

    #[test]
    fn labels_prefer_positions_that_cross_no_line() {
        let mut placer = Placer::new(Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 400.0,
            y1: 200.0,
        });
        placer.avoid_line(&[[100.0, 100.0], [300.0, 100.0]]);
        let p = placer.place([100.0, 100.0], 4.0, "Poti", 12.0, false);
        assert_eq!(p.map(|p| p.anchor), Some("end"));
    }
}
