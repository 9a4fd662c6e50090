//! Writing SVG text: numbers with a fixed precision (so the same map is the same bytes), escaped
//! text, and path data from pixel points with points closer than a threshold dropped.

use std::fmt::Write;

/// Formats a pixel coordinate with one decimal, without a trailing `.0` and without `-0`.
pub(crate) fn num(x: f64) -> String {
    let tenths = (x * 10.0).round();
    if !tenths.is_finite() {
        return "0".to_string();
    }
    let tenths = tenths as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    if abs % 10 == 0 {
        format!("{sign}{}", abs / 10)
    } else {
        format!("{sign}{}.{}", abs / 10, abs % 10)
    }
}

/// Escapes text for an SVG (XML) or HTML text node or attribute value: `& < > " '` become
/// entities, and every character XML 1.0 forbids or HTML treats as an error (C0 controls but
/// tab, newline and carriage return; DEL and the C1 controls; non-characters such as U+FFFE)
/// becomes U+FFFD, the replacement character, so that a hostile name shows as `�` instead of
/// breaking the file.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if forbidden(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether a character may not appear, even escaped, in the XML and HTML we write.
fn forbidden(c: char) -> bool {
    let code = u32::from(c);
    (code < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7f..=0x9f).contains(&code)
        || (0xfdd0..=0xfdef).contains(&code)
        || code & 0xfffe == 0xfffe
}

/// Appends one subpath (`M x y L x y ...`, `Z` when `closed`) to `d`, skipping points closer
/// than `min_step_px` to the previous kept one (the last point is always kept). Writes nothing
/// for fewer than two distinct points.
pub(crate) fn push_subpath(d: &mut String, points: &[[f64; 2]], closed: bool, min_step_px: f64) {
    let mut kept: Vec<[f64; 2]> = Vec::with_capacity(points.len());
    for (i, p) in points.iter().enumerate() {
        let last = i + 1 == points.len();
        match kept.last() {
            Some(q) if !last && (p[0] - q[0]).hypot(p[1] - q[1]) < min_step_px => {}
            _ => kept.push(*p),
        }
    }
    if kept.len() < 2 {
        return;
    }
    for (i, p) in kept.iter().enumerate() {
        let command = if i == 0 { 'M' } else { 'L' };
        let _ = write!(d, "{command}{} {}", num(p[0]), num(p[1]));
    }
    if closed {
        d.push('Z');
    }
}

/// Appends one subpath in relative commands (`M x y l dx dy dx dy ...`, `z` when `closed`), a
/// third shorter than absolute ones for long outlines. Offsets are taken between the rounded
/// absolute points, so rounding never accumulates; points that round to the previous one are
/// skipped. Writes nothing for fewer than two distinct points.
pub(crate) fn push_relative_subpath(d: &mut String, points: &[[f64; 2]], closed: bool) {
    let tenths = |x: f64| {
        let t = (x * 10.0).round();
        if t.is_finite() { t as i64 } else { 0 }
    };
    let mut kept: Vec<[i64; 2]> = Vec::with_capacity(points.len());
    for p in points {
        let q = [tenths(p[0]), tenths(p[1])];
        if kept.last() != Some(&q) {
            kept.push(q);
        }
    }
    if kept.len() < 2 {
        return;
    }
    let _ = write!(d, "M{} {}l", tenth_text(kept[0][0]), tenth_text(kept[0][1]));
    for (i, w) in kept.windows(2).enumerate() {
        for (k, delta) in [w[1][0] - w[0][0], w[1][1] - w[0][1]]
            .into_iter()
            .enumerate()
        {
            // A minus sign separates numbers by itself.
            if (i > 0 || k > 0) && delta >= 0 {
                d.push(' ');
            }
            d.push_str(&tenth_text(delta));
        }
    }
    if closed {
        d.push('z');
    }
}

/// A number of tenths as decimal text (`-12` → `-1.2`, `30` → `3`).
fn tenth_text(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    if abs % 10 == 0 {
        format!("{sign}{}", abs / 10)
    } else {
        format!("{sign}{}.{}", abs / 10, abs % 10)
    }
}

/// Formats a whole number with thousands separators (`12,345`).
pub(crate) fn thousands(x: f64) -> String {
    let n = x.round();
    let negative = n < 0.0;
    let digits = format!("{}", n.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if negative { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_fixed_precision() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(thousands(1_234_567.4), "1,234,567");
        assert_eq!(thousands(999.0), "999");
    }

    #[test]
    fn subpaths_drop_close_points() {
        let mut d = String::new();
        push_subpath(&mut d, &[[0.0, 0.0], [0.2, 0.0], [5.0, 0.0]], false, 1.0);
        assert_eq!(d, "M0 0L5 0");
        let mut d = String::new();
        push_subpath(&mut d, &[[0.0, 0.0], [0.1, 0.0]], true, 1.0);
        assert_eq!(d, "M0 0L0.1 0Z");
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn relative_subpaths_do_not_accumulate_rounding() {
        let mut d = String::new();
        push_relative_subpath(
            &mut d,
            &[
                [0.04, 0.0],
                [1.04, 0.0],
                [2.04, -1.26],
                [2.02, -1.27],
                [0.0, 0.0],
            ],
            true,
        );
        assert_eq!(d, "M0 0l1 0 1-1.3-2 1.3z");
        let mut d = String::new();
        push_relative_subpath(&mut d, &[[5.0, 5.0], [5.01, 5.02]], false);
        assert_eq!(d, "", "one distinct point draws nothing");
    }

    #[test]
    fn characters_xml_forbids_become_replacement_characters() {
        assert_eq!(escape("A\u{1b}[31mRED\u{7}"), "A\u{fffd}[31mRED\u{fffd}");
        assert_eq!(
            escape("\u{c}\u{0}\u{fffe}\u{ffff}\u{85}\u{1fffe}"),
            "\u{fffd}".repeat(6)
        );
        assert_eq!(escape("tab\tline\nok é ☃ 𝄞"), "tab\tline\nok é ☃ 𝄞");
    }
}
