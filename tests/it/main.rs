//! The integration tests, one binary: each module is one area of microvac,
//! run as a user would run it (the real `mv` on temp git repos, hermetic).
//! One binary links once; the helpers below are shared by every module.

// Shared helpers.
mod browser;
mod common;
mod remote;
mod report_fixture;
mod terminal;

// The tests.
mod ci_scripts;
mod clock;
mod coach;
mod coaching;
mod completions;
mod conflicts;
mod crash;
mod due_ics;
mod editor_reopen;
mod first_hour;
mod foundation;
mod hooks;
mod hostile_text;
mod id_lookup;
mod index_patch;
mod loader_fuzz;
mod memory;
mod merge_driver;
mod odd_repos;
mod passthrough_guard;
mod private_notes_cli;
mod readme;
mod report;
mod report_command;
mod report_html;
mod schemas;
mod sync;
mod sync_crash;
mod team;
mod toml_test_corpus;
mod trust_commit;
mod trust_input;
mod undo;
mod unreadable_records;
