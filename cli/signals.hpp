#pragma once
// SIGINT (Ctrl-C) and SIGTERM (what a cluster scheduler sends before a time limit):
// the first requests cancellation (the runner stops taking points, points in progress
// stop at their next check, finished rows stay in the journal); the second exits at
// once, still resumable (the journal drops a torn last record).
namespace tl::cli {

void install_signal_handlers();
int interrupt_signal();          // the first signal received, 0 if none
int interrupted_exit_status();   // 128 + that signal: 130 (SIGINT), 143 (SIGTERM)
// A file to remove if the second signal arrives while it is being written ("" none).
void set_file_to_remove(const char* path);

}  // namespace tl::cli
