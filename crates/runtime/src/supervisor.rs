//! Background tasks that must live as long as the process (consumer loops, dead-letter
//! watches, the router's deadline watch, configuration watches) run supervised: a task that
//! ends or panics before shutdown is logged, counted in `baton_task_restarts_total{task,
//! outcome}` and restarted with backoff, and `/readyz` names it (`task <name>`) until it
//! runs again. Without this, a task that died took its work with it and nothing showed.
//!
//! A server cannot be restarted in place (its port is what others know it by): one that
//! stops before shutdown stops the process, drained and with its reason as the exit error,
//! for the orchestrator to start it again ([`Supervisor::watch_server`]).

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use baton_bus::retry::RetrySchedule;
use baton_telemetry::health::Readiness;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Restart delays: quick for a one-off, backing off to half a minute for a task that keeps
/// dying, so a crash loop neither spins nor leaves work waiting long once its cause is gone.
const RESTARTS: RetrySchedule = RetrySchedule {
    initial: Duration::from_millis(500),
    max: Duration::from_secs(30),
    jitter: 0.2,
};

/// A task that ran this long before it stopped had recovered: its next restart is quick.
const RECOVERED_AFTER: Duration = Duration::from_secs(60);

/// How a supervised task's run ended, as far as the supervisor cares.
pub trait Ending: Send + 'static {
    /// Why it failed, if it did.
    fn failure(self) -> Option<String>;
}

impl Ending for () {
    fn failure(self) -> Option<String> {
        None
    }
}

impl<E: std::error::Error + Send + 'static> Ending for Result<(), E> {
    fn failure(self) -> Option<String> {
        self.err().map(|err| baton_bus::error_chain(&err))
    }
}

/// Runs tasks until shutdown, restarting those that stop.
#[derive(Clone)]
pub struct Supervisor {
    tasks: TaskTracker,
    shutdown: CancellationToken,
    readiness: Readiness,
    /// Why a server stopped the process, if one did.
    stopped_by: Arc<OnceLock<String>>,
}

impl Supervisor {
    /// Tasks are tracked by `tasks` (shutdown waits for them) and reported in `readiness`.
    pub fn new(tasks: TaskTracker, shutdown: CancellationToken, readiness: Readiness) -> Self {
        Self {
            tasks,
            shutdown,
            readiness,
            stopped_by: Arc::new(OnceLock::new()),
        }
    }

    /// Runs `server` (named `name`) until shutdown; if it ends before, failed or not, the
    /// process is stopped: see the module's comment.
    pub fn watch_server<Fut>(&self, name: &'static str, server: Fut)
    where
        Fut: Future<Output = Result<(), String>> + Send + 'static,
    {
        let (shutdown, stopped_by) = (self.shutdown.clone(), self.stopped_by.clone());
        self.tasks.spawn(async move {
            let ended = server.await;
            if shutdown.is_cancelled() {
                return;
            }
            let reason = match ended {
                Err(err) => format!("the {name} failed: {err}"),
                Ok(()) => format!("the {name} stopped"),
            };
            tracing::error!(%reason, "stopping the process, to be started again");
            let _ = stopped_by.set(reason);
            shutdown.cancel();
        });
    }

    /// Why a server stopped the process, if one did.
    pub fn stopped_by(&self) -> Option<String> {
        self.stopped_by.get().cloned()
    }

    /// Runs the task `start` makes until shutdown, making a new one whenever it stops.
    /// The task itself must return on shutdown.
    pub fn supervise<F, Fut>(&self, name: impl Into<String>, start: F)
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: Ending,
    {
        let name = name.into();
        let up = Arc::new(AtomicBool::new(true));
        let running = up.clone();
        self.readiness.add(format!("task {name}"), move || {
            running.load(Ordering::SeqCst)
        });
        let supervisor = self.clone();
        self.tasks
            .spawn(async move { supervisor.keep_running(name, up, start).await });
    }

    async fn keep_running<F, Fut>(&self, name: String, up: Arc<AtomicBool>, mut start: F)
    where
        F: FnMut() -> Fut,
        Fut: Future + Send + 'static,
        Fut::Output: Ending,
    {
        let mut failures = 0;
        loop {
            up.store(true, Ordering::SeqCst);
            metrics::gauge!("baton_task_up", "task" => name.clone()).set(1.0);
            let started = Instant::now();
            // Its own tokio task, so that a panic ends this run, not the supervisor.
            let ended = tokio::spawn(start()).await;
            let (outcome, detail) = match ended {
                Ok(ending) => match ending.failure() {
                    None => ("ended", "returned".to_owned()),
                    Some(failure) => ("failed", failure),
                },
                Err(err) => match err.try_into_panic() {
                    Ok(panic) => (
                        "panicked",
                        baton_bus::panic_message(panic.as_ref()).to_owned(),
                    ),
                    Err(err) => ("cancelled", err.to_string()),
                },
            };
            if self.shutdown.is_cancelled() {
                if outcome != "ended" {
                    tracing::error!(task = %name, outcome, detail, "background task failed while stopping");
                }
                return;
            }
            up.store(false, Ordering::SeqCst);
            metrics::gauge!("baton_task_up", "task" => name.clone()).set(0.0);
            metrics::counter!("baton_task_restarts_total", "task" => name.clone(), "outcome" => outcome)
                .increment(1);
            failures = if started.elapsed() >= RECOVERED_AFTER {
                1
            } else {
                failures + 1
            };
            let delay = RESTARTS.delay(failures);
            tracing::error!(task = %name, outcome, detail, restart_in = ?delay, "background task stopped; restarting");
            tokio::select! {
                () = self.shutdown.cancelled() => return,
                () = tokio::time::sleep(delay) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use super::*;

    #[tokio::test]
    async fn a_server_that_stops_before_shutdown_stops_the_process_with_its_reason() {
        let (tasks, shutdown) = (TaskTracker::new(), CancellationToken::new());
        let supervisor = Supervisor::new(tasks.clone(), shutdown.clone(), Readiness::new());

        supervisor.watch_server("gRPC server", async { Err("address in use".to_owned()) });
        tokio::time::timeout(Duration::from_secs(5), shutdown.cancelled())
            .await
            .expect("the process is stopped");

        tasks.close();
        tasks.wait().await;
        let reason = supervisor.stopped_by().expect("a reason");
        assert!(
            reason.contains("gRPC server failed: address in use"),
            "{reason}"
        );
    }

    #[tokio::test]
    async fn a_server_ending_at_shutdown_is_no_failure() {
        let (tasks, shutdown) = (TaskTracker::new(), CancellationToken::new());
        let supervisor = Supervisor::new(tasks.clone(), shutdown.clone(), Readiness::new());
        let stop = shutdown.clone();
        supervisor.watch_server("HTTP server", async move {
            stop.cancelled().await;
            Ok(())
        });

        shutdown.cancel();
        tasks.close();
        tasks.wait().await;
        assert_eq!(supervisor.stopped_by(), None);
    }

    #[tokio::test(start_paused = true)]
    async fn a_task_that_panics_is_restarted_and_readiness_is_red_meanwhile() {
        let metrics = baton_telemetry::metrics::install().expect("metrics");
        let (tasks, shutdown, readiness) = (
            TaskTracker::new(),
            CancellationToken::new(),
            Readiness::new(),
        );
        let supervisor = Supervisor::new(tasks.clone(), shutdown.clone(), readiness.clone());
        let crash = Arc::new(tokio::sync::Notify::new());
        let runs = Arc::new(AtomicUsize::new(0));
        let (trigger, counted, stop) = (crash.clone(), runs.clone(), shutdown.clone());
        supervisor.supervise("deadline watch", move || {
            let (crash, stop) = (trigger.clone(), stop.clone());
            let run = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                if run == 0 {
                    crash.notified().await;
                    #[allow(clippy::panic)]
                    {
                        panic!("a customer message broke me");
                    }
                }
                stop.cancelled().await;
            }
        });
        assert!(readiness.failing().is_empty());

        crash.notify_one();
        // Yielding never lets the paused clock reach the restart: red is seen first.
        for _ in 0..1000 {
            if !readiness.failing().is_empty() {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(readiness.failing(), ["task deadline watch"]);

        // The restart delay passes (the paused clock jumps when everything waits).
        tokio::time::sleep(RESTARTS.max).await;
        assert_eq!(runs.load(Ordering::SeqCst), 2, "restarted once");
        assert!(readiness.failing().is_empty(), "ready again");
        assert!(
            metrics.render().contains(
                r#"baton_task_restarts_total{task="deadline watch",outcome="panicked"} 1"#
            ),
            "{}",
            metrics.render()
        );

        // A task that returns because of shutdown is not restarted.
        shutdown.cancel();
        tasks.close();
        tasks.wait().await;
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }
}
