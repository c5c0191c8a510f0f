//! `microvac hook NAME`: what the git hooks do. The stubs `mv init`
//! installs in `.git/hooks` run this and nothing else, so the code a hook
//! runs is always this program's, never a file a pull or a checkout wrote.

use super::{Ctx, check, due};
use crate::error::Result;
use crate::{error, store::Tracker};
use std::{io::Write, process::ExitCode};

/// Run a git hook's work (the hooks `mv init` installs call this).
///
/// pre-commit checks the staged tracker files and stops a commit that
/// would record a problem; post-merge and post-checkout (after a branch
/// switch) check the tracker and print the check-ins that are due, and
/// never fail. With core.hooksPath managed by another tool, `mv init`
/// prints the line to add to its hooks.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  microvac hook pre-commit      (what .git/hooks/pre-commit runs)
  microvac hook post-checkout OLD NEW 1")]
pub(crate) struct Args {
    /// Which hook.
    #[arg(value_enum)]
    name: HookName,
    /// What git passes the hook (post-checkout: the old HEAD, the new HEAD,
    /// and 1 for a branch checkout).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    git_args: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum HookName {
    PreCommit,
    PostMerge,
    PostCheckout,
}

pub(crate) fn run(ctx: &Ctx, args: Args, out: &mut dyn Write) -> Result<ExitCode> {
    if args.name == HookName::PostCheckout && args.git_args.get(2).map(String::as_str) != Some("1")
    {
        // A checkout of files, not of a branch: nothing changed underfoot.
        return Ok(ExitCode::SUCCESS);
    }
    for tracker in Tracker::find_for_hook(&ctx.cwd)? {
        let here = Ctx {
            cwd: tracker.root().to_path_buf(),
            notices: false,
        };
        if args.name == HookName::PreCommit {
            check::run(&here, check::Args::quiet(true), out)?;
            continue;
        }
        // After a merge or a checkout nothing can be undone: report only.
        if let Err(e) = check::run(&here, check::Args::quiet(false), out) {
            error::report(&e);
        }
        if let Err(e) = due::run(&here, due::Args::quiet(), out) {
            error::report(&e);
        }
    }
    Ok(ExitCode::SUCCESS)
}
