//! Work shared among the machine's cores: how many there are, a slice's contiguous parts worked
//! side by side, tasks each core takes in turn, and one piece of work beside another.
//!
//! Threads are scoped and made for each call: the crate's parallel work (counting a file,
//! filling and ranking a nation's tables, planning every unit) lasts milliseconds to seconds,
//! against some tens of microseconds to start a thread, and a pool would be state a library
//! keeps behind its users' backs.

use crate::error::{Error, Internal, Result};

/// The machine's cores (1 when it cannot tell), asked once: asking reads the control group's
/// files, which costs as much as scoring a small table.
pub(crate) fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A worker thread that panicked, as the error its caller returns.
fn failed(work: &'static str) -> Error {
    Error::internal(Internal::ThreadFailed { work })
}

/// Runs `work` on every core over parts of `items` cut in order (given each part's first
/// position and the part), and returns the results in that order (so merging them keeps the
/// items' order); the first error wins. `what` names the work for the error of a failed thread.
pub(crate) fn in_parts<I: Sync, T: Send>(
    what: &'static str,
    items: &[I],
    work: impl Fn(usize, &[I]) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let size = items.len().div_ceil(cores()).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (items.chunks(size).enumerate())
            .map(|(k, part)| scope.spawn(move || work(k * size, part)))
            .collect();
        (handles.into_iter())
            .map(|h| h.join().unwrap_or_else(|_| Err(failed(what))))
            .collect()
    })
}

/// Runs every task on every core, each core taking the next task not yet taken, so that tasks
/// of unlike cost, or a core slowed by other work (another program, a busy host), leave no core
/// idle while work is left; the results in the tasks' order. `what` names the work for the
/// error of a failed thread.
pub(crate) fn in_turn<T: Send, R: Send>(
    what: &'static str,
    tasks: Vec<T>,
    run: impl Fn(T) -> R + Sync,
) -> Result<Vec<R>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let count = tasks.len();
    let tasks: Vec<Mutex<Option<T>>> = tasks.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let (tasks, next, run) = (&tasks, &next, &run);
    let work = move || {
        let mut done = Vec::new();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some(task) = tasks.get(at) else {
                return done;
            };
            // Each position is handed out once, so its task is there to take.
            let taken = match task.lock() {
                Ok(mut task) => task.take(),
                Err(poisoned) => poisoned.into_inner().take(),
            };
            if let Some(task) = taken {
                done.push((at, run(task)));
            }
        }
    };
    let workers = cores().min(count).max(1);
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(work)).collect();
        (handles.into_iter())
            .map(|h| h.join().map_err(|_| failed(what)))
            .collect::<Result<_>>()
    })?;
    let mut results: Vec<Option<R>> = (0..count).map(|_| None).collect();
    for (at, result) in done.into_iter().flatten() {
        if let Some(slot) = results.get_mut(at) {
            *slot = Some(result);
        }
    }
    (results.into_iter().collect::<Option<Vec<R>>>())
        .ok_or_else(|| Error::internal(Internal::TaskNotRun { work: what }))
}

/// Runs `theirs` on another core while `mine` runs on this one: both results, or an error
/// (mine first). `what` names the work for the error of a failed thread.
pub(crate) fn beside<A: Send, B>(
    what: &'static str,
    theirs: impl FnOnce() -> Result<A> + Send,
    mine: impl FnOnce() -> Result<B>,
) -> Result<(A, B)> {
    std::thread::scope(|scope| {
        let other = scope.spawn(theirs);
        let mine = mine();
        let theirs = other.join().unwrap_or_else(|_| Err(failed(what)));
        let mine = mine?;
        Ok((theirs?, mine))
    })
}

#[cfg(test)]
mod tests {
    use super::in_turn;

    // Tasks taken in turn by the cores come back in the tasks' order, each run once, with none,
    // one or many tasks, however unevenly long they are.
    #[test]
    fn tasks_taken_in_turn_come_back_in_order() {
        for count in [0, 1, 2, 3, 100] {
            let tasks: Vec<u64> = (0..count).collect();
            let done = in_turn("a test", tasks, |t| {
                std::thread::sleep(std::time::Duration::from_micros(t % 7 * 50));
                t * t
            })
            .unwrap();
            assert_eq!(done, (0..count).map(|t| t * t).collect::<Vec<_>>());
        }
    }
}
