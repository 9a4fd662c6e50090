//! Country outlines for the map background: Natural Earth 1:50m admin-0 countries (public
//! domain), clipped to the corridor's region and simplified, embedded from `data/countries.txt`
//! (see `data/README.md` for the source and how the file is built).

use super::projection::Bounds;
use std::sync::OnceLock;

/// The committed outline file.
const COUNTRIES_TXT: &str = include_str!("../../data/countries.txt");

/// The region the outlines cover; outside it the map shows sea.
pub const COVERAGE: Bounds = Bounds {
    west: -15.0,
    east: 135.0,
    south: -12.0,
    north: 72.0,
};

/// One country: its name and outline rings (outer rings and holes, drawn with the even-odd rule).
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 numeric code as Natural Earth gives it (`-` when it has none).
    pub iso_numeric: String,
    /// Natural Earth's short name (`Kazakhstan`).
    pub name: String,
    /// Rings of `[lon, lat]` points in decimal degrees, not repeating the first point at the end.
    pub rings: Vec<Vec<[f64; 2]>>,
}

/// The embedded country outlines, parsed once.
///
/// ```
/// let countries = corridor::map::countries();
/// assert!(countries.iter().any(|c| c.name == "Azerbaijan"));
/// ```
pub fn countries() -> &'static [Country] {
    static PARSED: OnceLock<Vec<Country>> = OnceLock::new();
    PARSED.get_or_init(|| parse(COUNTRIES_TXT).unwrap_or_default())
}

/// Parses the outline format: `C <code> <name>` starts a country, `R <lon> <lat> <dlon> <dlat> ...`
/// adds a ring in hundredths of a degree, each point after the first relative to the previous;
/// `#` lines are comments. Returns the 1-based line of the first malformed line.
fn parse(text: &str) -> Result<Vec<Country>, usize> {
    let mut countries: Vec<Country> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if let Some(rest) = line.strip_prefix("C ") {
            let (code, name) = rest.split_once(' ').ok_or(line_no)?;
            countries.push(Country {
                iso_numeric: code.to_string(),
                name: name.to_string(),
                rings: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("R ") {
            let numbers = rest
                .split(' ')
                .map(str::parse::<i64>)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| line_no)?;
            if numbers.len() < 6 || numbers.len() % 2 != 0 {
                return Err(line_no);
            }
            let (mut x, mut y) = (0, 0);
            let ring = numbers
                .chunks_exact(2)
                .map(|pair| {
                    x += pair[0];
                    y += pair[1];
                    [x as f64 / 100.0, y as f64 / 100.0]
                })
                .collect();
            countries.last_mut().ok_or(line_no)?.rings.push(ring);
        } else if !(line.is_empty() || line.starts_with('#')) {
            return Err(line_no);
        }
    }
    Ok(countries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_file_parses_whole() {
        let countries = parse(COUNTRIES_TXT).expect("data/countries.txt is well formed");
        assert!(countries.len() > 100, "{}", countries.len());
        for name in [
            "China",
            "Kazakhstan",
            "Azerbaijan",
            "Georgia",
            "Turkey",
            "Netherlands",
        ] {
            let c = countries.iter().find(|c| c.name == name);
            assert!(c.is_some_and(|c| !c.rings.is_empty()), "{name}");
        }
        for c in &countries {
            for ring in &c.rings {
                for &[lon, lat] in ring {
                    assert!(
                        (COVERAGE.west..=COVERAGE.east).contains(&lon),
                        "{} {lon}",
                        c.name
                    );
                    assert!(
                        (COVERAGE.south..=COVERAGE.north).contains(&lat),
                        "{} {lat}",
                        c.name
                    );
                }
            }
        }
        // Baku lies in Azerbaijan's outline, the middle of the Caspian in nobody's.
        let inside = |lon: f64, lat: f64| {
            countries
                .iter()
                .filter(|c| c.rings.iter().filter(|r| contains(r, lon, lat)).count() % 2 == 1)
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(inside(49.87, 40.41), ["Azerbaijan"]);
        assert!(inside(51.0, 42.0).is_empty());
    }

    #[test]
    fn malformed_lines_are_reported() {
        assert_eq!(parse("C 1 A\nR 1 2 3\n"), Err(2));
        assert_eq!(parse("R 0 0 1 0 0 1\n"), Err(1));
        assert_eq!(parse("hello\n"), Err(1));
        let ok = parse("# c\nC 1 A\nR 100 200 100 0 0 100\n").expect("well formed");
        assert_eq!(ok[0].rings[0], vec![[1.0, 2.0], [2.0, 2.0], [2.0, 3.0]]);
    }

    fn contains(ring: &[[f64; 2]], lon: f64, lat: f64) -> bool {
        let mut inside = false;
        for (i, a) in ring.iter().enumerate() {
            let b = ring[(i + 1) % ring.len()];
            if (a[1] > lat) != (b[1] > lat)
                && lon < a[0] + (lat - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
            {
                inside = !inside;
            }
        }
        inside
    }
}
