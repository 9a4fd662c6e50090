//! Text on a map without a font engine: estimated widths, and breaking long text into lines
//! that fit a width (titles, captions, notes). Text is never cut: what does not fit goes on
//! the next line.

/// Estimated width in pixels of `text` in a sans-serif font of `font_px` (average glyph 0.58 em,
/// 0.63 em bold).
pub(crate) fn text_width(text: &str, font_px: f64, bold: bool) -> f64 {
    let em = if bold { 0.63 } else { 0.58 };
    text.chars().count() as f64 * font_px * em
}

/// Breaks `text` into lines of at most `width` pixels at `font_px`: between its
/// `" · "`-separated parts when it has some, else between words; a part too wide for a line is
/// broken between its words, and a word too wide for a line between its characters. Every
/// character of `text` is kept (the separators at line ends are dropped). O(length).
pub(crate) fn wrap_text(text: &str, width: f64, font_px: f64, bold: bool) -> Vec<String> {
    let fits = |s: &str| text_width(s, font_px, bold) <= width;
    let separator = if text.contains(" · ") { " · " } else { " " };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for part in text.split(separator) {
        let candidate = if current.is_empty() {
            part.to_string()
        } else {
            format!("{current}{separator}{part}")
        };
        if fits(&candidate) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if fits(part) {
            current = part.to_string();
        } else {
            // Too wide alone: break it between words, and words between characters.
            for word in part.split(' ') {
                let candidate = if current.is_empty() {
                    word.to_string()
                } else {
                    format!("{current} {word}")
                };
                if fits(&candidate) {
                    current = candidate;
                    continue;
                }
                if !current.is_empty() {
                    lines.push(std::mem::take(&mut current));
                }
                for c in word.chars() {
                    current.push(c);
                    if !fits(&current) && current.chars().count() > 1 {
                        current.pop();
                        lines.push(std::mem::take(&mut current));
                        current.push(c);
                    }
                }
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_wrap_at_separators_and_keep_every_word() {
        let lines = wrap_text(
            "fastest: 4.2 days · USD 2,550 · 3 transfers",
            110.0,
            10.0,
            false,
        );
        assert_eq!(lines, ["fastest: 4.2 days", "USD 2,550", "3 transfers"]);
        // A part wider than the line is broken between words, a word between characters.
        let lines = wrap_text("Middle Corridor baseline + kuryk_closed", 60.0, 10.0, false);
        assert_eq!(
            lines,
            ["Middle", "Corridor", "baseline +", "kuryk_clos", "ed"]
        );
        for line in &lines {
            assert!(text_width(line, 10.0, false) <= 60.0, "{line}");
        }
        assert!(lines.iter().all(|l| !l.contains('…')));
        assert_eq!(wrap_text("", 100.0, 10.0, false), [""]);
    }
}
