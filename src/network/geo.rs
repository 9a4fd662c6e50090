//! Distances between coordinates on the Earth: the only module that uses the `geo` crate, so
//! that the (x = lon, y = lat) order of `geo::Point` is handled in one place.

use geo::{Distance, Haversine, Point};

/// Great-circle (haversine) distance in km between two points given in decimal degrees, on a
/// sphere of the GRS80 mean radius (6371.0088 km).
///
/// ```
/// // The ports of Aktau and Baku, across the Caspian.
/// let km = corridor::network::geo::geodesic_km(43.682325, 51.212927, 40.381471, 49.887766);
/// assert!((km - 383.0).abs() < 1.0);
/// ```
#[must_use]
pub fn geodesic_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let a = Point::new(lon1, lat1);
    let b = Point::new(lon2, lat2);
    Haversine.distance(a, b) / 1_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distances() {
        assert!(geodesic_km(40.0, 50.0, 40.0, 50.0).abs() < 1e-9);
        // A quarter of the equator.
        let quarter = geodesic_km(0.0, 0.0, 0.0, 90.0);
        assert!((quarter - 10_007.5).abs() < 1.0, "{quarter}");
        // Latitude and longitude are not swapped: one degree of latitude is ~111.2 km anywhere,
        // one degree of longitude at 60° N is half that.
        assert!((geodesic_km(60.0, 10.0, 61.0, 10.0) - 111.2).abs() < 0.1);
        assert!((geodesic_km(60.0, 10.0, 60.0, 11.0) - 55.6).abs() < 0.1);
    }
}
