//! Links `mv` and `microvac` for a quick start: every call, a pass-through
//! to the system `mv` and `--version` included, pays the dynamic loader's
//! work before any of microvac's code runs. Only the binaries' link
//! changes (not the tests', and no code is compiled differently).
//!
//! With glibc, the unwinder comes from `libgcc_eh.a`, linked in, instead
//! of `libgcc_s.so.1`: one shared library fewer to find, map, relocate and
//! bind, and whose constructor asks the CPU for its features (`cpuid`,
//! slow under a hypervisor). This is GCC's own `-static-libgcc`, which the
//! `-lgcc_s` that Rust's standard library asks for rules out; a
//! `libgcc_s.so` linker script in a folder searched first turns that
//! `-lgcc_s` into `-lgcc_eh`. Where the C compiler has no `libgcc_eh.a`,
//! the binaries link `libgcc_s.so.1` as before.
//!
//! The binaries stay position-independent: linked `-no-pie` they start a
//! little faster (no relocations to write), but the executable's own code
//! would lie at the same address in every run, and microvac reads what a
//! pull brings through C code (libgit2).

use std::{path::PathBuf, process::Command};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CC");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || env != "gnu" || !has_static_unwinder() {
        return;
    }
    let Some(out) = std::env::var_os("OUT_DIR") else {
        return;
    };
    let dir = PathBuf::from(out).join("static-libgcc");
    let script = dir.join("libgcc_s.so");
    let written =
        std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&script, "INPUT(-lgcc_eh)\n"));
    match written {
        Ok(()) => println!("cargo::rustc-link-arg-bins=-L{}", dir.display()),
        Err(e) => println!(
            "cargo::warning=could not write {}: {e}; the binaries link libgcc_s.so.1",
            script.display()
        ),
    }
}

/// Whether the C compiler that links the binaries has `libgcc_eh.a`: it
/// names the file's full path when it has it, and only its name when not.
fn has_static_unwinder() -> bool {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    Command::new(cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        .is_some_and(|path| path.is_absolute() && path.is_file())
}
