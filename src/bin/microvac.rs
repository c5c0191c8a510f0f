//! `microvac`: the unambiguous name, for hooks and scripts. It never hands
//! a call to the system `mv`.

fn main() -> std::process::ExitCode {
    microvac::main_with(std::env::args_os().collect())
}
