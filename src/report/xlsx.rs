//! The Excel workbook (`--format xlsx`, written with `rust_xlsxwriter`): a summary sheet with
//! the query, the units and one row per route, then one sheet per route with its build-up
//! (the rows of the CSV) and a total row of `SUM` formulas whose stored results are the
//! route's totals, and a last sheet with every route's cost by operator and by country. Every
//! figure is a number, not text, rounded as every other format rounds it; the same report
//! gives the same bytes (fixed creation date).

use super::figures::Quantity;
use super::{ItemKind, Report, RouteReport};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};

/// The most routes that get a sheet of their own (the summary lists them all).
pub const MAX_ROUTE_SHEETS: usize = 250;

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[error("writing the Excel workbook: {0}")]
pub struct XlsxError(String);

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError(e.to_string())
    }
}

/// Cell formats of the workbook.
struct Formats {
    bold: Format,
    header: Format,
    hours: Format,
    whole: Format,
    total_hours: Format,
    total_whole: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold(),
            header: Format::new().set_bold().set_text_wrap(),
            hours: Format::new().set_num_format("#,##0.0"),
            whole: Format::new().set_num_format("#,##0"),
            total_hours: Format::new().set_bold().set_num_format("#,##0.0"),
            total_whole: Format::new().set_bold().set_num_format("#,##0"),
        }
    }

    /// The format of a figure of this quantity.
    fn of(&self, q: Quantity, total: bool) -> &Format {
        match (q.decimals(), total) {
            (0, false) => &self.whole,
            (0, true) => &self.total_whole,
            (_, false) => &self.hours,
            (_, true) => &self.total_hours,
        }
    }
}

/// The name of a route's sheet.
#[must_use]
pub fn route_sheet_name(rank: usize) -> String {
    format!("Route {rank}")
}

/// Renders a report as an Excel workbook (the bytes of an .xlsx file).
///
/// # Errors
/// When the writer fails (it does not for a report this crate built).
pub fn to_xlsx(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation date, so that the same report gives byte-identical files.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} → {}", report.from.name, report.to.name))
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    let summary = workbook.add_worksheet();
    write_summary(summary, report, &formats)?;
    for route in report.routes.iter().take(MAX_ROUTE_SHEETS) {
        let sheet = workbook.add_worksheet();
        write_route(sheet, report, route, &formats)?;
    }
    if !report.routes.is_empty() {
        let sheet = workbook.add_worksheet();
        write_cost_groups(sheet, report, &formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

/// The query and units on top, then one row per route.
fn write_summary(sheet: &mut Worksheet, report: &Report, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    let title = format!(
        "{} ({}) → {} ({}) · {}",
        report.from.name, report.from.country, report.to.name, report.to.country, report.network
    );
    sheet.write_string_with_format(0, 0, title, &f.bold)?;
    let lines = [
        format!("Query: {}", report.query.describe()),
        format!("Cost: {}", report.units.cost_unit),
        format!("CO2e: {}", report.units.co2_kg),
        format!("Rounding: {}", report.units.rounding),
    ];
    // Days are expected (the mean); best and P50/P90 (simulated) beside them.
    for (row, line) in (1u32..).zip(lines) {
        sheet.write_string(row, 0, line)?;
    }
    let header_row = 6;
    let header = [
        "rank",
        "why",
        "days",
        "hours",
        "USD per FEU",
        "transfers",
        "km",
        "kg CO2e per FEU",
        "via",
        "corridor",
        "modes",
        "sheet",
        "best days",
        "P50 days",
        "P90 days",
        "on time",
    ];
    for (col, name) in (0u16..).zip(header) {
        sheet.write_string_with_format(header_row, col, name, &f.header)?;
    }
    for (row, r) in (header_row + 1..).zip(&report.routes) {
        sheet.write_number(row, 0, r.rank as f64)?;
        sheet.write_string(row, 1, r.labels.join("; "))?;
        sheet.write_number_with_format(row, 2, r.days, f.of(Quantity::Days, false))?;
        sheet.write_number_with_format(row, 3, r.hours, f.of(Quantity::Hours, false))?;
        sheet.write_number_with_format(row, 4, r.cost_usd, f.of(Quantity::Usd, false))?;
        sheet.write_number(row, 5, r.transfers as f64)?;
        sheet.write_number_with_format(row, 6, r.distance_km, f.of(Quantity::Km, false))?;
        sheet.write_number_with_format(row, 7, r.co2_kg, f.of(Quantity::Kg, false))?;
        sheet.write_string(row, 8, r.gateways.join(", "))?;
        sheet.write_string(row, 9, &r.corridor)?;
        sheet.write_string(row, 10, r.modes.join(" → "))?;
        if r.rank <= MAX_ROUTE_SHEETS {
            sheet.write_string(row, 11, route_sheet_name(r.rank))?;
        }
        sheet.write_number_with_format(row, 12, r.best_days, f.of(Quantity::Days, false))?;
        for (col, value) in [(13, r.p50_days), (14, r.p90_days)] {
            if let Some(days) = value {
                sheet.write_number_with_format(row, col, days, f.of(Quantity::Days, false))?;
            }
        }
        if let Some(p) = r.on_time_probability {
            sheet.write_number(row, 15, p)?;
        }
    }
    let mut notes = report.notes.clone();
    if report.omitted > 0 {
        notes.push(format!(
            "{} more Pareto-optimal routes not shown (--pareto lists them all)",
            report.omitted
        ));
    }
    if report.routes.len() > MAX_ROUTE_SHEETS {
        notes.push(format!(
            "the first {MAX_ROUTE_SHEETS} routes have a sheet of their own; the CSV output has \
             the build-up of every route"
        ));
    }
    let first_note_row = header_row + 1 + report.routes.len() as u32 + 1;
    for (row, note) in (first_note_row..).zip(notes) {
        sheet.write_string(row, 0, format!("Note: {note}"))?;
    }
    for (col, width) in (0u16..).zip([6.0, 28.0, 7.0, 8.0, 10.0, 9.0, 8.0, 10.0, 50.0, 40.0, 24.0])
    {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

/// A route's build-up: one row per item, then the totals as sums of the rows.
fn write_route(
    sheet: &mut Worksheet,
    report: &Report,
    r: &RouteReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(route_sheet_name(r.rank))?;
    let labels = if r.labels.is_empty() {
        String::new()
    } else {
        format!(" · {}", r.labels.join(" · "))
    };
    sheet.write_string_with_format(0, 0, format!("Route {}{labels}", r.rank), &f.bold)?;
    sheet.write_string(1, 0, format!("Query: {}", report.query.describe()))?;
    sheet.write_string(
        2,
        0,
        format!("{} · corridor: {}", r.modes.join(" → "), r.corridor),
    )?;
    let header_row = 4;
    let header = [
        "item",
        "kind",
        "from",
        "to",
        "mode",
        "hours",
        "USD per FEU",
        "km",
        "kg CO2e per FEU",
        "link",
        "source",
    ];
    for (col, name) in (0u16..).zip(header) {
        sheet.write_string_with_format(header_row, col, name, &f.header)?;
    }
    let figures = [
        (5u16, Quantity::Hours),
        (6, Quantity::Usd),
        (7, Quantity::Km),
        (8, Quantity::Kg),
    ];
    let items = r.items();
    for (row, (i, item)) in (header_row + 1..).zip(items.iter().enumerate()) {
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, item.kind.as_str())?;
        sheet.write_string(row, 2, item.from_name)?;
        if item.kind == ItemKind::Leg {
            sheet.write_string(row, 3, item.to_name)?;
        }
        sheet.write_string(row, 4, &item.mode)?;
        let values = [item.hours, item.cost_usd, item.distance_km, item.co2_kg];
        for ((col, q), value) in figures.iter().zip(values) {
            sheet.write_number_with_format(row, *col, value, f.of(*q, false))?;
        }
        if let Some(id) = item.link_id {
            sheet.write_string(row, 9, id)?;
        }
        if let Some(source) = item.source {
            sheet.write_string(row, 10, source)?;
        }
    }
    let total_row = header_row + 1 + items.len() as u32;
    sheet.write_string_with_format(total_row, 0, "total", &f.bold)?;
    let totals = [r.hours, r.cost_usd, r.distance_km, r.co2_kg];
    for ((col, q), total) in figures.iter().zip(totals) {
        let column = column_letter(*col);
        let formula = if items.is_empty() {
            Formula::new("=0")
        } else {
            Formula::new(format!(
                "=SUM({column}{}:{column}{})",
                header_row + 2,
                total_row
            ))
        };
        sheet.write_formula_with_format(
            total_row,
            *col,
            formula.set_result(total.to_string()),
            f.of(*q, true),
        )?;
    }
    sheet.write_string(
        total_row + 1,
        0,
        format!(
            "{} days · {} transfers",
            Quantity::Days.show(r.days),
            r.transfers
        ),
    )?;
    for (col, width) in (0u16..).zip([6.0, 9.0, 18.0, 18.0, 24.0, 8.0, 10.0, 8.0, 10.0, 24.0, 40.0])
    {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

/// The name of the sheet of costs by operator and by country.
pub const COST_GROUPS_SHEET: &str = "Who is paid";

/// Every route's cost by operator and by country, one row per group, with `SUM` totals that
/// equal the route's cost.
fn write_cost_groups(sheet: &mut Worksheet, report: &Report, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(COST_GROUPS_SHEET)?;
    sheet.write_string_with_format(0, 0, "Cost by operator and by country", &f.bold)?;
    sheet.write_string(1, 0, format!("Query: {}", report.query.describe()))?;
    let header_row = 3;
    for (col, name) in (0u16..).zip(["route", "by", "group", "items", "USD per FEU", "share"]) {
        sheet.write_string_with_format(header_row, col, name, &f.header)?;
    }
    let mut row = header_row + 1;
    for r in report.routes.iter().take(MAX_ROUTE_SHEETS) {
        for (by, groups) in [
            ("operator", &r.cost_by_operator),
            ("country", &r.cost_by_country),
        ] {
            let first = row;
            for g in groups {
                sheet.write_number(row, 0, r.rank as f64)?;
                sheet.write_string(row, 1, by)?;
                sheet.write_string(row, 2, &g.name)?;
                sheet.write_number(row, 3, g.items as f64)?;
                sheet.write_number_with_format(row, 4, g.cost_usd, f.of(Quantity::Usd, false))?;
                sheet.write_number(row, 5, g.share)?;
                row += 1;
            }
            sheet.write_number(row, 0, r.rank as f64)?;
            sheet.write_string(row, 1, by)?;
            sheet.write_string_with_format(row, 2, "total", &f.bold)?;
            let formula = if groups.is_empty() {
                Formula::new("=0")
            } else {
                Formula::new(format!("=SUM(E{}:E{})", first + 1, row))
            };
            sheet.write_formula_with_format(
                row,
                4,
                formula.set_result(r.cost_usd.to_string()),
                f.of(Quantity::Usd, true),
            )?;
            row += 2;
        }
    }
    for (col, width) in (0u16..).zip([6.0, 9.0, 40.0, 6.0, 10.0, 7.0]) {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(header_row + 1, 0)?;
    Ok(())
}

/// The column's letter (A to Z: the sheets use the first eleven).
fn column_letter(col: u16) -> char {
    char::from(b'A' + (col % 26) as u8)
}
