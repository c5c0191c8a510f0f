//! `microvac shell-init`: a shell function named `mv` that sends microvac's
//! commands to microvac and everything else straight to the system `mv`.
//! Both are looked up when the function runs (`command`), so moving the
//! install or another system `mv` on PATH keeps it working.

use super::Ctx;
use crate::error::Result;
use std::{io::Write, process::ExitCode};

/// Print `mv` as a shell function, for ~/.bashrc or ~/.zshrc.
///
/// The function sends microvac's commands to `microvac` and everything
/// else to the `mv` found on PATH (`command mv`), whatever the order of
/// PATH and whatever the shell remembered. With ~/.cargo/bin after
/// /usr/bin on PATH, a file move starts no second program at all.
#[derive(Debug, clap::Args)]
#[command(after_help = r#"Example:
  eval "$(microvac shell-init)"     (in ~/.bashrc or ~/.zshrc)"#)]
pub(crate) struct Args {}

pub(crate) fn run(_ctx: &Ctx, _args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    let mut ours = super::own_first_args();
    ours.extend(["-C*", "--format", "--format=*", "--color", "--color=*"].map(String::from));
    // A tracker's own folders go to microvac's own `mv` (beside `microvac`,
    // found when the function runs), which refuses to rename them by a slip
    // inside a tracker and hands every other call to the system mv.
    let guarded: Vec<String> = crate::store::TOP_LEVEL
        .iter()
        .flat_map(|n| [(*n).to_owned(), format!("{n}/")])
        .collect();
    writeln!(
        out,
        "# microvac: `mv` as a shell function. Add to ~/.bashrc or ~/.zshrc:\n\
         #     eval \"$(microvac shell-init)\"\n\
         # microvac's commands go to `microvac`, everything else to the `mv` on\n\
         # PATH; both are looked up each time, so a moved install keeps working.\n\
         # The tracker's own folders go to microvac's `mv`, which guards them.\n\
         mv() {{\n    case \"${{1-}}\" in\n        ''|{}) command microvac \"$@\" ;;\n        {}) \"$(dirname -- \"$(command -v microvac)\")/mv\" \"$@\" ;;\n        *) command mv \"$@\" ;;\n    esac\n}}",
        ours.join("|"),
        guarded.join("|"),
    )?;
    Ok(ExitCode::SUCCESS)
}
