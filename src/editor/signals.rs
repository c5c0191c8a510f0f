//! While the editor is open, a signal that would end microvac (the
//! terminal closed: SIGHUP; SIGTERM; SIGINT; SIGQUIT) does not end it on
//! the spot: it is noted and passed on to the editor, and microvac ends
//! by the same signal, recording nothing, only once the editor has exited
//! and the file it edited, which may hold a private note, is removed. The
//! handler only stores the signal's number and passes it on with `kill`
//! (async-signal-safe, both); the waiting and the clean-up happen in the
//! normal flow. (A full-screen editor reads Ctrl-C as a key, so typing it
//! there sends no signal at all.)

use std::sync::atomic::{AtomicI32, Ordering};

/// The signals that end a process by default and that a user or a closed
/// terminal sends.
const CAUGHT: [libc::c_int; 4] = [libc::SIGHUP, libc::SIGTERM, libc::SIGINT, libc::SIGQUIT];

/// The last signal caught while the guard is up; 0 when none.
static CAUGHT_SIGNAL: AtomicI32 = AtomicI32::new(0);

/// The editor's process ID once it runs; 0 before.
static EDITOR: AtomicI32 = AtomicI32::new(0);

/// Notes the signal and passes it on to the editor (a second one kills
/// it). Only async-signal-safe calls: atomics and `kill`.
extern "C" fn note_signal(signal: libc::c_int) {
    let earlier = CAUGHT_SIGNAL.swap(signal, Ordering::SeqCst);
    pass_on(earlier);
}

/// Passes a signal on to the editor, if it runs, as SIGTERM (a shell
/// waiting for a command puts off a SIGINT or SIGQUIT until the command
/// ends, and the editor may take those as keys); SIGKILL when a signal
/// came `earlier`.
fn pass_on(earlier: libc::c_int) {
    let editor = EDITOR.load(Ordering::SeqCst);
    if editor <= 0 {
        return;
    }
    let send = if earlier != 0 {
        libc::SIGKILL
    } else {
        libc::SIGTERM
    };
    // SAFETY: `kill` is async-signal-safe; `editor` is our own child.
    unsafe { libc::kill(editor, send) };
}

/// The handlers in place while the editor runs; dropping the guard puts
/// the previous ones back.
pub(super) struct Guard {
    previous: Vec<(libc::c_int, libc::sigaction)>,
}

impl Guard {
    /// Catches [`CAUGHT`] from now on, without `SA_RESTART`, so a wait
    /// for the editor is interrupted by one.
    pub(super) fn install() -> Guard {
        CAUGHT_SIGNAL.store(0, Ordering::SeqCst);
        EDITOR.store(0, Ordering::SeqCst);
        let mut previous = Vec::new();
        for signal in CAUGHT {
            // SAFETY: a zeroed `sigaction` is a valid "no flags, empty
            // mask" value; the handler only stores to an atomic, which is
            // async-signal-safe.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = note_signal as extern "C" fn(libc::c_int) as usize;
                action.sa_flags = 0;
                libc::sigemptyset(&mut action.sa_mask);
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, &action, &mut old) == 0 {
                    // A signal the user had ignored (nohup) stays ignored.
                    if old.sa_sigaction == libc::SIG_IGN {
                        libc::sigaction(signal, &old, std::ptr::null_mut());
                    } else {
                        previous.push((signal, old));
                    }
                }
            }
        }
        Guard { previous }
    }

    /// The signal caught since [`Guard::install`], if any.
    pub(super) fn caught(&self) -> Option<libc::c_int> {
        match CAUGHT_SIGNAL.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(signal),
        }
    }

    /// Waits for the child `pid` (the editor) to exit, passing a caught
    /// signal on to it; its exit status, or `None` when it
    /// cannot be waited for.
    pub(super) fn wait(&self, pid: u32) -> Option<libc::c_int> {
        let pid = libc::pid_t::try_from(pid).ok()?;
        EDITOR.store(pid, Ordering::SeqCst);
        // A signal caught before the editor's ID was known was not passed
        // on by the handler: pass it on now.
        let caught = CAUGHT_SIGNAL.load(Ordering::SeqCst);
        if caught != 0 {
            pass_on(0);
        }
        let status = loop {
            let mut status: libc::c_int = 0;
            // SAFETY: a plain system call on our own child.
            let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
            if waited == pid {
                break Some(status);
            }
            if std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
                break None;
            }
        };
        EDITOR.store(0, Ordering::SeqCst);
        status
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        for (signal, old) in &self.previous {
            // SAFETY: restores the action saved by `install`.
            unsafe { libc::sigaction(*signal, old, std::ptr::null_mut()) };
        }
    }
}

/// Ends the process by `signal`, as it would have ended had microvac not
/// caught it (the shell sees the same status), but never with a core
/// dump (SIGQUIT's default): the memory may hold a private note.
pub(super) fn die_by(signal: libc::c_int) -> ! {
    let no_core = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: sets this process's core size limit, resets one signal to
    // its default action and raises it.
    unsafe {
        libc::setrlimit(libc::RLIMIT_CORE, &no_core);
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
    std::process::exit(128 + signal)
}
