//! Keeps the layers honest: a lower layer never names a higher one, and
//! commands never touch the file system, spell the tracker's layout or
//! edit a record's TOML, and no two modules of one parent name each other
//! (round any loop).
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

/// The module path of a source file under `src/` (`store/merge/mod.rs` →
/// `store::merge`; `lib.rs` → the crate root).
fn module_path(rel: &str) -> Vec<String> {
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut path: Vec<String> = rel.split('/').map(str::to_owned).collect();
    if matches!(
        path.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        path.pop();
    }
    path
}

/// Every `crate::…` and `super::…` path `text` names (in `use` trees and
/// in expressions), made absolute from `module` (the file's own module);
/// comments and test modules (after `#[cfg(test)]`) are left out.
fn named_paths(module: &[String], text: &str) -> Vec<Vec<String>> {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    let text: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect();
    let text = text.as_str();
    let mut out = Vec::new();
    for start in ["crate::", "super::"] {
        for (i, _) in text.match_indices(start) {
            let before = text[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let base: Vec<String> = if start == "crate::" {
                Vec::new()
            } else {
                module[..module.len().saturating_sub(1)].to_vec()
            };
            expand(&text[i + start.len()..], base, &mut out);
        }
    }
    out
}

/// Expands one path or `use` tree (`a::{b, c::d}`) after its prefix.
fn expand(rest: &str, mut base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut rest = rest;
    loop {
        let segment: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        rest = &rest[segment.len()..];
        if segment.is_empty() {
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 0;
                let mut item_start = 0;
                for (at, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            expand(&group[item_start..at], base.clone(), out);
                            return;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            expand(&group[item_start..at], base.clone(), out);
                            item_start = at + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            let trimmed = rest.trim_start();
            if trimmed.len() != rest.len() && !trimmed.starts_with(['}', ',', ';']) {
                rest = trimmed;
                continue;
            }
            break;
        }
        base.push(segment);
        match rest.strip_prefix("::") {
            Some(after) => rest = after.trim_start(),
            None => break,
        }
    }
    if !base.is_empty() {
        out.push(base);
    }
}

/// No two modules of one parent name each other, directly or round a
/// longer loop: each module of the crate builds on its siblings in one
/// direction, so it can be read (and changed) without the ones above it.
#[test]
fn sibling_modules_form_no_import_circle() {
    use std::collections::{BTreeMap, BTreeSet};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    sources(&root, &mut all);
    let root_text = format!("{}/", root.display());
    let files: Vec<(Vec<String>, String)> = all
        .into_iter()
        .filter_map(|(file, text)| {
            let rel = file.strip_prefix(&root_text)?.to_owned();
            (!rel.starts_with("bin/") && rel != "main.rs").then(|| (module_path(&rel), text))
        })
        .collect();
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .flat_map(|(m, _)| (1..=m.len()).map(|n| m[..n].to_vec()))
        .collect();
    // Edges between siblings: where the file's module and the path it
    // names part ways, both sides being modules.
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, text) in &files {
        for named in named_paths(module, text) {
            let common = module
                .iter()
                .zip(&named)
                .take_while(|(a, b)| a == b)
                .count();
            if common >= module.len() || common >= named.len() {
                continue;
            }
            let from = module[..=common].to_vec();
            let to = named[..=common].to_vec();
            if modules.contains(&to) {
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    // A module that reaches itself through its siblings is on a circle.
    let mut circles = BTreeSet::new();
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<Vec<String>> = edges[start].iter().cloned().collect();
        while let Some(next) = stack.pop() {
            if &next == start {
                let pair: Vec<String> = edges[start]
                    .iter()
                    .filter(|to| reaches(&edges, to, start))
                    .map(|to| format!("{} ↔ {}", start.join("::"), to.join("::")))
                    .collect();
                circles.extend(pair);
                break;
            }
            if seen.insert(next.clone()) {
                stack.extend(edges.get(&next).into_iter().flatten().cloned());
            }
        }
    }
    assert!(
        circles.is_empty(),
        "modules that name each other (directly or round a loop):\n{}",
        circles.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// Whether `to` reaches `start` along `edges`.
fn reaches(
    edges: &std::collections::BTreeMap<Vec<String>, std::collections::BTreeSet<Vec<String>>>,
    from: &[String],
    start: &[String],
) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![from.to_vec()];
    while let Some(next) = stack.pop() {
        if next == start {
            return true;
        }
        if seen.insert(next.clone()) {
            stack.extend(edges.get(&next).into_iter().flatten().cloned());
        }
    }
    false
}

#[test]
fn the_circle_checker_reads_paths_and_trees() {
    let module: Vec<String> = ["store", "merge", "fields"].map(String::from).to_vec();
    let text = "use super::{list::{as_list, x}, markers};\nlet y = crate::model::Kind::A;\n";
    assert_eq!(
        named_paths(&module, text),
        [
            vec!["model", "Kind", "A"],
            vec!["store", "merge", "list", "as_list"],
            vec!["store", "merge", "list", "x"],
            vec!["store", "merge", "markers"],
        ]
    );
}
