//! Keeps the layers honest: a lower layer never names a higher one, and
//! commands never touch the file system, spell the tracker's layout or
//! edit a record's TOML.
//! (The idea of ArchUnit, for a crate: read the sources, fail on a wrong
//! edge.)

use std::path::Path;

/// The modules each lower layer may name with `crate::…`.
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &["model"]),
    ("git", &["git"]),
    ("render", &["render", "model"]),
    ("store", &["store", "model", "git", "clock"]),
];

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read a source file");
            out.push((path.display().to_string(), text));
        }
    }
}

fn files_of(layer: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let dir = root.join(layer);
    if dir.is_dir() {
        sources(&dir, &mut out);
    }
    let file = root.join(format!("{layer}.rs"));
    if file.is_file() {
        out.push((
            file.display().to_string(),
            std::fs::read_to_string(&file).expect("read"),
        ));
    }
    assert!(!out.is_empty(), "no sources for the {layer} layer");
    out
}

/// The module names that follow `crate::` in `text`, including inside
/// `use crate::{a, b::c}` groups.
fn named_modules(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group
                .find("};")
                .or_else(|| group.find('}'))
                .unwrap_or(group.len());
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end].chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.push(first_segment(&item));
        } else {
            out.push(first_segment(rest));
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

fn first_segment(s: &str) -> String {
    s.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn lower_layers_never_name_a_higher_one() {
    let mut wrong = Vec::new();
    for (layer, allowed) in ALLOWED {
        for (file, text) in files_of(layer) {
            for module in named_modules(&text) {
                if !allowed.contains(&module.as_str()) {
                    wrong.push(format!("{file}: crate::{module}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn commands_never_touch_files_or_spell_the_layout() {
    let mut wrong = Vec::new();
    for (file, text) in files_of("commands") {
        for (n, line) in text.lines().enumerate() {
            let fs = line.contains("std::fs") || line.contains(" fs::") || line.contains("(fs::");
            let layout = [
                "people/",
                "projects/",
                "vacuums/",
                "commitments/",
                "conversations/",
            ]
            .iter()
            .any(|dir| line.contains(&format!("\"{dir}")));
            if fs || layout {
                wrong.push(format!("{file}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "commands reach past the store:\n{}",
        wrong.join("\n")
    );
}

/// The store owns the record format: commands ask it for typed edits (a
/// check-in, an end, a field) and never edit a record's TOML themselves,
/// so no command names `toml_edit` or the store's `RecordDoc` (the keys
/// are spelled in `store/format.rs`; `RecordDoc` stays public for the
/// loader's fuzz and corpus tests).
#[test]
fn commands_never_edit_toml_themselves() {
    let wrong: Vec<String> = files_of("commands")
        .iter()
        .flat_map(|(file, text)| {
            text.lines()
                .enumerate()
                .filter(|(_, line)| line.contains("toml_edit") || line.contains("RecordDoc"))
                .map(move |(n, line)| format!("{file}:{}: {}", n + 1, line.trim()))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "commands edit TOML past the store:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_reads_groups() {
    assert_eq!(
        named_modules("use crate::{git::X, model::{A, B}, store};\nlet x = crate::ui::warn;"),
        ["git", "model", "store", "ui"]
    );
}

/// CSV and JSON for users are written in one place each, where every cell
/// is neutralised (`render::csv_cell`) and every string escaped
/// (`render::write_json`): no other module builds a CSV writer or prints
/// JSON on its own.
#[test]
fn csv_and_json_output_have_one_writer_each() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    sources(&root, &mut all);
    let mut wrong = Vec::new();
    for (file, text) in all {
        let own = file.ends_with("src/render/mod.rs") || file.ends_with("src/layering.rs");
        for (n, line) in text.lines().enumerate() {
            let csv = line.contains("csv::");
            let json = ["serde_json::to_writer", "serde_json::to_string_pretty"]
                .iter()
                .any(|w| line.contains(w));
            if !own && (csv || json) {
                wrong.push(format!("{file}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "CSV or JSON written outside render:\n{}",
        wrong.join("\n")
    );
}
