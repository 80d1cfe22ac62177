# gdb script for tests/fuzz/run-fuzzer.sh: in a process stopped inside libhdf5, finds the
# frame of the program's own code that called into libhdf5 (walking out of libhdf5, past
# the libraries and the sanitizer's interceptors it called), breaks where that call
# returns and continues. Prints "waiting" once the breakpoint is set, then "returned" if
# the call returns, or "stopped otherwise" if the process stops or ends for another reason
# (a signal, an exit); if libhdf5 never returns, the caller's `timeout` kills gdb after
# "waiting". Prints "not inside libhdf5" if no frame is in libhdf5.
import gdb


def library(frame):
    return gdb.solib_name(frame.pc()) or ""


def ours(frame):  # the program's own code: in no shared library, not a sanitizer interceptor
    name = frame.name() or ""
    return library(frame) == "" and not name.startswith(("__interceptor_", "__asan", "__sanitizer", "__ubsan"))


frame = gdb.newest_frame()
while frame is not None and "libhdf5" not in library(frame):
    frame = frame.older()
while frame is not None and not ours(frame):
    frame = frame.older()
if frame is None:
    print("not inside libhdf5")
else:
    address = frame.pc()
    gdb.Breakpoint("*0x%x" % address, internal=True, temporary=True)
    print("waiting")
    gdb.flush()
    try:
        gdb.execute("continue")
        returned = gdb.selected_frame().pc() == address
    except gdb.error:  # the process ended
        returned = False
    print("returned" if returned else "stopped otherwise")
