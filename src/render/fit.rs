//! Fitting a wide table into a terminal: as it is, transposed, or with
//! abbreviated headers and a legend (or, narrower still, as blocks of
//! lines: see `Grid::write_table`).

use super::{Grid, GridCell, TableStyle};

/// Fits a terminal table to the width: as it is when it fits; else
/// transposed when that fits; else with abbreviated vacuum headers and a
/// legend, letting comfy-table wrap the cells.
pub fn fit(grid: Grid, style: TableStyle) -> Grid {
    let Some(width) = style.width.map(usize::from) else {
        return grid;
    };
    if natural_width(&grid) <= width {
        return grid;
    }
    let transposed = transpose(&grid);
    if natural_width(&transposed) <= width {
        return transposed;
    }
    let short = abbreviate(grid.clone());
    if short.least_width() > width {
        // Too narrow even abbreviated: the table is drawn one record per
        // block of lines, where the full names fit.
        return grid;
    }
    short
}

fn natural_width(grid: &Grid) -> usize {
    let mut widths: Vec<usize> = grid.headers.iter().map(|h| h.chars().count()).collect();
    for row in &grid.rows {
        for (i, cell) in row.iter().enumerate() {
            let w = cell
                .text
                .lines()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0);
            if let Some(slot) = widths.get_mut(i) {
                *slot = (*slot).max(w);
            }
        }
    }
    widths.iter().map(|w| w + 3).sum::<usize>() + 1
}

/// Rows become columns; the totals columns at the end (`--by person`)
/// become the last rows, so they are kept.
fn transpose(grid: &Grid) -> Grid {
    let mut out = Grid::new(
        std::iter::once(String::new()).chain(grid.rows.iter().map(|r| r[0].text.clone())),
    );
    out.headers[0] = "VACUUM".into();
    for col in 1..grid.headers.len() {
        let mut row = vec![GridCell::from(grid.headers[col].as_str())];
        row.extend(grid.rows.iter().map(|r| r[col].clone()));
        out.rows.push(row);
    }
    out.footer = grid.footer.clone();
    out
}

/// The number of summary columns at the end (`--by person`).
fn trailing_totals(grid: &Grid) -> usize {
    if grid.headers.last().is_some_and(|h| h == "REPS") {
        4
    } else {
        0
    }
}

fn abbreviate(mut grid: Grid) -> Grid {
    let end = grid.headers.len() - trailing_totals(&grid);
    let mut used: Vec<String> = Vec::new();
    let mut legend = Vec::new();
    for header in &mut grid.headers[1..end] {
        let initials: String = header
            .split('-')
            .filter_map(|w| w.chars().next())
            .collect::<String>()
            .to_uppercase();
        let mut short = if initials.len() >= 2 {
            initials
        } else {
            header.chars().take(2).collect::<String>().to_uppercase()
        };
        let base = short.clone();
        let mut n = 2;
        while used.contains(&short) {
            short = format!("{base}{n}");
            n += 1;
        }
        used.push(short.clone());
        legend.push(format!("{short}={header}"));
        *header = short;
    }
    for row in &mut grid.rows {
        for cell in &mut row[1..end] {
            if cell.text == "VACANT" {
                cell.text = "open".into();
            }
        }
    }
    grid.footer
        .insert(0, format!("vacuums: {}", legend.join(", ")));
    grid.compact = true;
    grid
}
