//! Plane geometry in pixels for the map layers: rectangles, clipping rings to a frame, parallel
//! offsets of polylines, distances and points along lines. Nothing here knows SVG.

/// An axis-aligned pixel rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub(crate) x0: f64,
    pub(crate) y0: f64,
    pub(crate) x1: f64,
    pub(crate) y1: f64,
}

impl Rect {
    /// A square of half-size `r` around a point.
    pub(crate) fn around(p: [f64; 2], r: f64) -> Rect {
        Rect {
            x0: p[0] - r,
            y0: p[1] - r,
            x1: p[0] + r,
            y1: p[1] + r,
        }
    }

    /// Whether the two rectangles share some area.
    pub(crate) fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether this rectangle lies wholly inside `frame`.
    pub(crate) fn inside(&self, frame: &Rect) -> bool {
        self.x0 >= frame.x0 && self.x1 <= frame.x1 && self.y0 >= frame.y0 && self.y1 <= frame.y1
    }

    /// Whether the point lies in the rectangle (edges included).
    pub(crate) fn contains(&self, p: [f64; 2]) -> bool {
        (self.x0..=self.x1).contains(&p[0]) && (self.y0..=self.y1).contains(&p[1])
    }

    /// Whether the segment a-b touches the rectangle (Liang-Barsky clipping).
    pub(crate) fn meets_segment(&self, a: [f64; 2], b: [f64; 2]) -> bool {
        self.contains(a) || self.contains(b) || self.clip_segment(a, b).is_some()
    }

    /// The part of segment a-b inside the rectangle (Liang-Barsky), or `None`.
    pub(crate) fn clip_segment(&self, a: [f64; 2], b: [f64; 2]) -> Option<([f64; 2], [f64; 2])> {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        for (p, q) in [
            (-dx, a[0] - self.x0),
            (dx, self.x1 - a[0]),
            (-dy, a[1] - self.y0),
            (dy, self.y1 - a[1]),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
                if t0 > t1 {
                    return None;
                }
            }
        }
        let at = |t: f64| [a[0] + dx * t, a[1] + dy * t];
        Some((
            if t0 > 0.0 { at(t0) } else { a },
            if t1 < 1.0 { at(t1) } else { b },
        ))
    }

    /// Width in pixels.
    pub(crate) fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height in pixels.
    pub(crate) fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

/// Whether two points are the very same coordinates (copied, not computed).
pub(crate) fn same_point(a: [f64; 2], b: [f64; 2]) -> bool {
    a[0].to_bits() == b[0].to_bits() && a[1].to_bits() == b[1].to_bits()
}

/// Drops points closer than half a pixel to the previous kept one; the last point is always
/// kept (in place of a kept point too close to it), so that lines end where they should.
pub(crate) fn dedup(points: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    let last = points.last().copied();
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for p in points {
        if out
            .last()
            .is_none_or(|q| (p[0] - q[0]).hypot(p[1] - q[1]) >= 0.5)
        {
            out.push(p);
        }
    }
    if let (Some(end), Some(kept)) = (last, out.last().copied()) {
        if !same_point(end, kept) {
            if out.len() > 1 {
                out.pop();
            }
            out.push(end);
        }
    }
    out
}

/// Clips a closed ring to a rectangle (Sutherland-Hodgman, one edge at a time); the result is
/// closed again. Parts outside become runs along the rectangle's edges. O(points).
pub(crate) fn clip_ring(ring: &[[f64; 2]], r: &Rect) -> Vec<[f64; 2]> {
    type Inside = fn(&Rect, [f64; 2]) -> bool;
    type Cut = fn(&Rect, [f64; 2], [f64; 2]) -> [f64; 2];
    let edges: [(Inside, Cut); 4] = [
        (
            |r, p| p[0] >= r.x0,
            |r, a, b| [r.x0, a[1] + (b[1] - a[1]) * (r.x0 - a[0]) / (b[0] - a[0])],
        ),
        (
            |r, p| p[0] <= r.x1,
            |r, a, b| [r.x1, a[1] + (b[1] - a[1]) * (r.x1 - a[0]) / (b[0] - a[0])],
        ),
        (
            |r, p| p[1] >= r.y0,
            |r, a, b| [a[0] + (b[0] - a[0]) * (r.y0 - a[1]) / (b[1] - a[1]), r.y0],
        ),
        (
            |r, p| p[1] <= r.y1,
            |r, a, b| [a[0] + (b[0] - a[0]) * (r.y1 - a[1]) / (b[1] - a[1]), r.y1],
        ),
    ];
    let mut points: Vec<[f64; 2]> = ring.to_vec();
    if points.len() > 1 && same_point(points[0], points[points.len() - 1]) {
        points.pop();
    }
    for (inside, cut) in edges {
        if points.is_empty() {
            break;
        }
        let mut out = Vec::with_capacity(points.len());
        for (i, &cur) in points.iter().enumerate() {
            let prev = points[(i + points.len() - 1) % points.len()];
            match (inside(r, prev), inside(r, cur)) {
                (true, true) => out.push(cur),
                (true, false) => out.push(cut(r, prev, cur)),
                (false, true) => {
                    out.push(cut(r, prev, cur));
                    out.push(cur);
                }
                (false, false) => {}
            }
        }
        points = out;
    }
    if let Some(&first) = points.first() {
        points.push(first);
    }
    points
}

/// The polyline shifted sideways by `d` pixels (to the left of travel for positive `d`), with
/// mitred corners capped at twice the offset. O(points).
pub(crate) fn offset_line(points: &[[f64; 2]], d: f64) -> Vec<[f64; 2]> {
    if d == 0.0 || points.len() < 2 {
        return points.to_vec();
    }
    let normal = |a: [f64; 2], b: [f64; 2]| {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len = dx.hypot(dy).max(1e-9);
        [dy / len, -dx / len]
    };
    let last = points.len() - 1;
    (0..=last)
        .map(|i| {
            let n1 = if i > 0 {
                normal(points[i - 1], points[i])
            } else {
                normal(points[0], points[1])
            };
            let n2 = if i < last {
                normal(points[i], points[i + 1])
            } else {
                n1
            };
            let (mx, my) = (n1[0] + n2[0], n1[1] + n2[1]);
            let len = mx.hypot(my);
            let (mx, my) = if len < 1e-9 {
                (n1[0], n1[1])
            } else {
                (mx / len, my / len)
            };
            let cos = (mx * n1[0] + my * n1[1]).max(0.5);
            [points[i][0] + mx * d / cos, points[i][1] + my * d / cos]
        })
        .collect()
}

/// Distance in pixels from `p` to the segment a-b.
pub(crate) fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    };
    (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
}

/// Distance in pixels from `p` to the nearest segment of a polyline (infinite for no segment).
pub(crate) fn line_distance(p: [f64; 2], line: &[[f64; 2]]) -> f64 {
    line.windows(2)
        .map(|w| segment_distance(p, w[0], w[1]))
        .fold(f64::INFINITY, f64::min)
}

/// The point at fraction `t` of a polyline's length.
pub(crate) fn point_along(line: &[[f64; 2]], t: f64) -> Option<[f64; 2]> {
    let total: f64 = line
        .windows(2)
        .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
        .sum();
    let mut left = total * t;
    for w in line.windows(2) {
        let len = (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]);
        if len >= left && len > 0.0 {
            let f = left / len;
            return Some([
                w[0][0] + (w[1][0] - w[0][0]) * f,
                w[0][1] + (w[1][1] - w[0][1]) * f,
            ]);
        }
        left -= len;
    }
    line.last().copied()
}

/// The pieces of a polyline inside a rectangle, each with at least two points, in order.
/// O(points).
pub(crate) fn clip_line(points: &[[f64; 2]], r: &Rect) -> Vec<Vec<[f64; 2]>> {
    let mut pieces: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    for w in points.windows(2) {
        if let Some((a, b)) = r.clip_segment(w[0], w[1]) {
            if current.last().is_none_or(|&q| !same_point(q, a)) {
                if current.len() > 1 {
                    pieces.push(std::mem::take(&mut current));
                }
                current = vec![a];
            }
            current.push(b);
        } else {
            if current.len() > 1 {
                pieces.push(std::mem::take(&mut current));
            }
            current.clear();
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    pieces
}

/// The polyline simplified with the Douglas-Peucker rule: a point is kept only when leaving it
/// out would move the line by more than `tolerance_px`; the first and last points are always
/// kept. A closed ring (first point equal to the last) stays closed. Iterative, so any length
/// is safe. O(n log n) typical, O(n²) worst case.
pub(crate) fn simplify(points: &[[f64; 2]], tolerance_px: f64) -> Vec<[f64; 2]> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        if last <= first + 1 {
            continue;
        }
        let (mut farthest, mut distance) = (first, -1.0);
        for (i, &p) in points.iter().enumerate().take(last).skip(first + 1) {
            let d = segment_distance(p, points[first], points[last]);
            if d > distance {
                (farthest, distance) = (i, d);
            }
        }
        if distance > tolerance_px {
            keep[farthest] = true;
            stack.push((first, farthest));
            stack.push((farthest, last));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter_map(|(&p, k)| k.then_some(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_parallel_at_the_right_distance() {
        let line = [[0.0, 0.0], [100.0, 0.0], [100.0, 100.0]];
        let shifted = offset_line(&line, 4.0);
        assert_eq!(shifted.len(), 3);
        assert!((shifted[0][1] - -4.0).abs() < 1e-9 || (shifted[0][1] - 4.0).abs() < 1e-9);
        // The corner moves diagonally by 4·√2 (a mitre), every segment stays 4 px away.
        let d = (shifted[1][0] - 100.0).hypot(shifted[1][1]);
        assert!((d - 4.0 * 2f64.sqrt()).abs() < 1e-9, "{d}");
        assert!((segment_distance(shifted[2], [100.0, 0.0], [100.0, 100.0]) - 4.0).abs() < 1e-9);
    }

    #[test]
    fn rings_are_clipped_to_the_frame() {
        let frame = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        let ring = [
            [-5.0, 5.0],
            [5.0, -5.0],
            [15.0, 5.0],
            [5.0, 15.0],
            [-5.0, 5.0],
        ];
        let clipped = clip_ring(&ring, &frame);
        assert!(
            clipped
                .iter()
                .all(|p| (0.0..=10.0).contains(&p[0]) && (0.0..=10.0).contains(&p[1]))
        );
        assert_eq!(clipped.first(), clipped.last());
        assert_eq!(clipped.len(), 9, "{clipped:?}");
        assert!(clip_ring(&[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]], &frame).is_empty());
    }

    #[test]
    fn simplified_lines_stay_within_the_tolerance() {
        // A zigzag of 0.2 px on a straight line disappears at 0.5 px; a 3 px bump stays.
        let mut line: Vec<[f64; 2]> = (0..=100)
            .map(|i| [f64::from(i), if i % 2 == 0 { 0.0 } else { 0.2 }])
            .collect();
        assert_eq!(simplify(&line, 0.5), vec![[0.0, 0.0], [100.0, 0.0]]);
        line[50] = [50.0, 3.0];
        let simple = simplify(&line, 0.5);
        assert!(simple.contains(&[50.0, 3.0]), "{simple:?}");
        // Every original point is within the tolerance of the simplified line.
        for &p in &line {
            assert!(line_distance(p, &simple) <= 0.5 + 1e-9, "{p:?}");
        }
        // Rings stay closed; short input is returned as is.
        let ring = [
            [0.0, 0.0],
            [10.0, 0.0],
            [10.0, 10.0],
            [0.0, 10.0],
            [0.0, 0.0],
        ];
        let simple = simplify(&ring, 0.5);
        assert_eq!(simple.first(), simple.last());
        assert_eq!(simple.len(), 5);
        assert_eq!(simplify(&ring[..2], 0.5), ring[..2].to_vec());
    }

    #[test]
    fn lines_are_cut_to_the_frame() {
        let frame = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 10.0,
            y1: 10.0,
        };
        // In, out across the right edge, back in through the bottom: two pieces.
        let line = [
            [5.0, 5.0],
            [15.0, 5.0],
            [15.0, 8.0],
            [5.0, 8.0],
            [5.0, 20.0],
        ];
        let pieces = clip_line(&line, &frame);
        assert_eq!(
            pieces,
            vec![
                vec![[5.0, 5.0], [10.0, 5.0]],
                vec![[10.0, 8.0], [5.0, 8.0], [5.0, 10.0]]
            ]
        );
        assert!(clip_line(&[[20.0, 0.0], [30.0, 0.0]], &frame).is_empty());
    }

    #[test]
    fn dedup_keeps_the_ends() {
        let line = vec![[0.0, 0.0], [0.2, 0.0], [5.0, 0.0], [5.3, 0.0]];
        assert_eq!(dedup(line), vec![[0.0, 0.0], [5.3, 0.0]]);
        assert_eq!(
            dedup(vec![[1.0, 1.0], [1.1, 1.0]]),
            vec![[1.0, 1.0], [1.1, 1.0]]
        );
        assert_eq!(dedup(Vec::new()), Vec::<[f64; 2]>::new());
    }

    #[test]
    fn points_along_a_line() {
        let line = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]];
        assert_eq!(point_along(&line, 0.5), Some([10.0, 0.0]));
        assert_eq!(point_along(&line, 0.75), Some([10.0, 5.0]));
    }
}
