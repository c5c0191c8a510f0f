//! `mv`: microvac under the name its users type. Any call that is not one
//! of microvac's own is handed to the system `mv` before anything else runs
//! (inside a tracker, except a slip that would wreck it).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if microvac::passthrough::is_system_call(&args) {
        // Relative to `.`: an ordinary file move costs no system call here.
        let here = std::path::Path::new(".");
        if let Some(refusal) = microvac::passthrough::guard::refusal(&args, here) {
            eprintln!("{refusal}");
            return ExitCode::from(2);
        }
        eprintln!("{}", microvac::passthrough::exec_system_mv(&args));
        return ExitCode::from(126);
    }
    microvac::main_with(args)
}
