//! Text on a map without a font engine: estimated widths, and breaking long text into lines
//! that fit a width (titles, captions, notes).

/// Estimated width in pixels of `text` in a sans-serif font of `font_px` (average glyph 0.58 em,
/// 0.63 em bold).
pub(crate) fn text_width(text: &str, font_px: f64, bold: bool) -> f64 {
    let em = if bold { 0.63 } else { 0.58 };
    text.chars().count() as f64 * font_px * em
}

/// Breaks `text` into at most `max_lines` lines of `width` pixels at `font_px`, between its
/// `" · "`-separated parts (or its words when it has no such parts); a part too long for a line
/// and whatever does not fit in the last line are cut with an ellipsis.
pub(crate) fn wrap_text(text: &str, width: f64, font_px: f64, max_lines: usize) -> Vec<String> {
    let separator = if text.contains(" · ") { " · " } else { " " };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for part in text.split(separator) {
        let candidate = if current.is_empty() {
            part.to_string()
        } else {
            format!("{current}{separator}{part}")
        };
        if current.is_empty() || text_width(&candidate, font_px, false) <= width {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, part.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(separator);
        lines.push(rest);
    }
    lines
        .into_iter()
        .map(|l| fit_text(&l, width, font_px))
        .collect()
}

/// Truncates `text` with an ellipsis so that it fits `width` pixels at `font_px`.
pub(crate) fn fit_text(text: &str, width: f64, font_px: f64) -> String {
    if text_width(text, font_px, false) <= width {
        return text.to_string();
    }
    let max_chars = (width / (font_px * 0.58)).floor() as usize;
    let mut out: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_wrap_at_separators() {
        let lines = wrap_text(
            "fastest: 4.2 days · USD 2,550 · 3 transfers",
            110.0,
            10.0,
            3,
        );
        assert_eq!(lines, ["fastest: 4.2 days", "USD 2,550", "3 transfers"]);
        let cut = wrap_text("a b c d e f", 10.0, 10.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'), "{cut:?}");
        assert_eq!(fit_text("abcdefghij", 30.0, 10.0), "abcd…");
    }
}
