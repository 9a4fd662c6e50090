//! From longitude and latitude to pixels: an equidistant conic projection whose standard
//! parallels and centre are fitted to the area drawn, scaled and centred into a pixel frame.
//! Conic projections keep the wide east-west sweep of Eurasia readable where a plain
//! longitude-latitude grid would stretch the north.

use crate::network::geo::geodesic_km;

/// Points are drawn at latitudes within ±`MAX_DRAWN_LAT_DEG`: a node at a pole is drawn at the
/// limit, so that it stays inside a frame fitted to it (the box around it reaches the pole).
const MAX_DRAWN_LAT_DEG: f64 = 85.0;

/// A longitude-latitude box in decimal degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Westernmost longitude.
    pub west: f64,
    /// Easternmost longitude.
    pub east: f64,
    /// Southernmost latitude.
    pub south: f64,
    /// Northernmost latitude.
    pub north: f64,
}

impl Bounds {
    /// The smallest box holding every `[lon, lat]` point, or `None` for no points.
    ///
    /// ```
    /// use corridor::map::Bounds;
    /// let b = Bounds::around([[49.9, 40.4], [51.2, 43.7]]).unwrap();
    /// assert_eq!((b.west, b.east, b.south, b.north), (49.9, 51.2, 40.4, 43.7));
    /// ```
    pub fn around(points: impl IntoIterator<Item = [f64; 2]>) -> Option<Bounds> {
        let mut bounds: Option<Bounds> = None;
        for [lon, lat] in points {
            if !lon.is_finite() || !lat.is_finite() {
                continue;
            }
            bounds = Some(match bounds {
                None => Bounds {
                    west: lon,
                    east: lon,
                    south: lat,
                    north: lat,
                },
                Some(b) => Bounds {
                    west: b.west.min(lon),
                    east: b.east.max(lon),
                    south: b.south.min(lat),
                    north: b.north.max(lat),
                },
            });
        }
        bounds
    }

    /// The box grown by `fraction` of its size on every side, by at least `min_degrees`,
    /// and kept within the globe (a few degrees beyond the antimeridian, so that a node on it
    /// is not drawn on the frame's edge).
    #[must_use]
    pub fn padded(&self, fraction: f64, min_degrees: f64) -> Bounds {
        let dx = ((self.east - self.west) * fraction).max(min_degrees);
        let dy = ((self.north - self.south) * fraction).max(min_degrees);
        Bounds {
            west: (self.west - dx).max(-185.0),
            east: (self.east + dx).min(185.0),
            south: (self.south - dy).max(-90.0),
            north: (self.north + dy).min(90.0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Equidistant conic with cone constant `n`, `g` = G and `rho0` = ρ at the reference latitude.
    Conic { n: f64, g: f64, rho0: f64 },
    /// Equirectangular with the longitude scaled by `cos` (used when the cone flattens, n ≈ 0).
    Plate { cos: f64, lat0: f64 },
}

/// A projection fitted to a box: `project` maps `[lon, lat]` to pixels in a frame of
/// `width_px × height_px` whose origin is the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    lon0: f64,
    kind: Kind,
    scale: f64,
    x_min: f64,
    y_max: f64,
    offset_x: f64,
    offset_y: f64,
    width_px: f64,
    height_px: f64,
}

impl Projection {
    /// Fits an equidistant conic to `bounds` (standard parallels at one sixth and five sixths
    /// of its latitude span), scaled so that the whole box fits `width_px` wide; the frame is
    /// as tall as the box needs, between `min_height_px` and `max_height_px`, and the box is
    /// centred in it. O(1) (a fixed sample of the box's edges).
    ///
    /// ```
    /// use corridor::map::{Bounds, Projection};
    /// let caspian = Bounds { west: 46.0, east: 55.0, south: 36.0, north: 47.5 };
    /// let p = Projection::fit(&caspian, 800.0, 300.0, 900.0);
    /// let [x, y] = p.project(50.5, 41.75);
    /// assert!((x - 400.0).abs() < 10.0 && (y - p.height_px() / 2.0).abs() < 15.0);
    /// ```
    #[must_use]
    pub fn fit(
        bounds: &Bounds,
        width_px: f64,
        min_height_px: f64,
        max_height_px: f64,
    ) -> Projection {
        let lon0 = f64::midpoint(bounds.west, bounds.east);
        let span = bounds.north - bounds.south;
        let phi1 = (bounds.south + span / 6.0).to_radians();
        let phi2 = (bounds.north - span / 6.0).to_radians();
        let lat0 = f64::midpoint(bounds.south, bounds.north).to_radians();
        let n = if (phi2 - phi1).abs() < 1e-9 {
            phi1.sin()
        } else {
            (phi1.cos() - phi2.cos()) / (phi2 - phi1)
        };
        let kind = if n.abs() < 0.02 {
            Kind::Plate {
                cos: lat0.cos(),
                lat0,
            }
        } else {
            let g = phi1.cos() / n + phi1;
            Kind::Conic {
                n,
                g,
                rho0: g - lat0,
            }
        };
        let mut p = Projection {
            lon0,
            kind,
            scale: 1.0,
            x_min: 0.0,
            y_max: 0.0,
            offset_x: 0.0,
            offset_y: 0.0,
            width_px,
            height_px: min_height_px,
        };
        let (mut x_min, mut x_max, mut y_min, mut y_max) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        let steps = 32;
        for i in 0..=steps {
            let t = f64::from(i) / f64::from(steps);
            let lon = bounds.west + (bounds.east - bounds.west) * t;
            let lat = bounds.south + (bounds.north - bounds.south) * t;
            for [x, y] in [
                p.raw(lon, bounds.south),
                p.raw(lon, bounds.north),
                p.raw(bounds.west, lat),
                p.raw(bounds.east, lat),
            ] {
                x_min = x_min.min(x);
                x_max = x_max.max(x);
                y_min = y_min.min(y);
                y_max = y_max.max(y);
            }
        }
        let dx = (x_max - x_min).max(1e-9);
        let dy = (y_max - y_min).max(1e-9);
        let height = (width_px * dy / dx).clamp(min_height_px, max_height_px.max(min_height_px));
        let scale = (width_px / dx).min(height / dy);
        p.scale = scale;
        p.x_min = x_min;
        p.y_max = y_max;
        p.offset_x = (width_px - dx * scale) / 2.0;
        p.offset_y = (height - dy * scale) / 2.0;
        p.height_px = height;
        p
    }

    /// Width of the frame in pixels.
    #[must_use]
    pub fn width_px(&self) -> f64 {
        self.width_px
    }

    /// Height of the frame in pixels.
    #[must_use]
    pub fn height_px(&self) -> f64 {
        self.height_px
    }

    /// Unscaled projected coordinates (radians on the unit sphere, y up).
    fn raw(&self, lon: f64, lat: f64) -> [f64; 2] {
        let lambda = (lon - self.lon0).to_radians();
        let phi = lat.to_radians();
        match self.kind {
            Kind::Conic { n, g, rho0 } => {
                let rho = g - phi;
                let theta = n * lambda;
                [rho * theta.sin(), rho0 - rho * theta.cos()]
            }
            Kind::Plate { cos, lat0 } => [lambda * cos, phi - lat0],
        }
    }

    /// Pixel position of `[lon, lat]` in the frame (x right, y down). Latitudes beyond ±85°
    /// are drawn at ±85° and longitudes are kept within ±180°, so that any point of the box
    /// the projection was fitted to (which may reach a pole) lands inside the frame.
    #[must_use]
    pub fn project(&self, lon: f64, lat: f64) -> [f64; 2] {
        let [x, y] = self.raw(
            lon.clamp(-180.0, 180.0),
            lat.clamp(-MAX_DRAWN_LAT_DEG, MAX_DRAWN_LAT_DEG),
        );
        [
            (x - self.x_min) * self.scale + self.offset_x,
            (self.y_max - y) * self.scale + self.offset_y,
        ]
    }

    /// Kilometres per pixel along the parallel through `[lon, lat]`, for a scale bar.
    #[must_use]
    pub fn km_per_px(&self, lon: f64, lat: f64) -> f64 {
        let (a, b) = (lon - 0.5, lon + 0.5);
        let [x1, y1] = self.project(a, lat);
        let [x2, y2] = self.project(b, lat);
        let px = (x2 - x1).hypot(y2 - y1);
        if px <= 0.0 {
            return 0.0;
        }
        geodesic_km(lat, a, lat, b) / px
    }

    /// Projects a line given as `[lon, lat]` points, adding points every degree or less along
    /// each segment so that long segments follow the projection's curves. O(length in degrees).
    #[must_use]
    pub fn project_line(&self, points: &[[f64; 2]]) -> Vec<[f64; 2]> {
        let mut out = Vec::with_capacity(points.len());
        for (i, &[lon, lat]) in points.iter().enumerate() {
            if i > 0 {
                let [lon0, lat0] = points[i - 1];
                let steps = (lon - lon0)
                    .abs()
                    .max((lat - lat0).abs())
                    .ceil()
                    .clamp(1.0, 720.0) as u32;
                for s in 1..steps {
                    let t = f64::from(s) / f64::from(steps);
                    out.push(self.project(lon0 + (lon - lon0) * t, lat0 + (lat - lat0) * t));
                }
            }
            out.push(self.project(lon, lat));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn north_is_up_and_east_is_right() {
        let b = Bounds {
            west: 20.0,
            east: 120.0,
            south: 20.0,
            north: 60.0,
        };
        let p = Projection::fit(&b, 1000.0, 300.0, 800.0);
        let [x_w, _] = p.project(30.0, 40.0);
        let [x_e, _] = p.project(110.0, 40.0);
        let [_, y_s] = p.project(70.0, 25.0);
        let [_, y_n] = p.project(70.0, 55.0);
        assert!(x_w < x_e && y_n < y_s);
        // The box fits the frame.
        for [lon, lat] in [
            [20.0, 20.0],
            [120.0, 20.0],
            [20.0, 60.0],
            [120.0, 60.0],
            [70.0, 20.0],
        ] {
            let [x, y] = p.project(lon, lat);
            assert!((-0.01..=1000.01).contains(&x), "{x}");
            assert!((-0.01..=p.height_px() + 0.01).contains(&y), "{y}");
        }
    }

    #[test]
    fn scale_matches_the_ground() {
        let b = Bounds {
            west: 40.0,
            east: 60.0,
            south: 35.0,
            north: 50.0,
        };
        let p = Projection::fit(&b, 1000.0, 300.0, 800.0);
        // Aktau to Baku is about 383 km; the map distance times km per pixel agrees within 3%.
        let [x1, y1] = p.project(51.212_927, 43.682_325);
        let [x2, y2] = p.project(49.887_766, 40.381_471);
        let km = (x2 - x1).hypot(y2 - y1) * p.km_per_px(50.5, 42.0);
        assert!((km - 383.0).abs() < 383.0 * 0.03, "{km}");
    }

    #[test]
    fn flat_boxes_across_the_equator_fall_back_to_a_plate() {
        let b = Bounds {
            west: 90.0,
            east: 110.0,
            south: -10.0,
            north: 10.0,
        };
        let p = Projection::fit(&b, 500.0, 100.0, 900.0);
        let [x, y] = p.project(100.0, 0.0);
        assert!((x - 250.0).abs() < 1.0 && (y - p.height_px() / 2.0).abs() < 1.0);
    }
}
