# gdb script for tests/fuzz/run-fuzzer.sh: in a process stopped inside libhdf5, finds the
# innermost frame of the program's own code (the caller of libhdf5), breaks where that
# call returns and continues. Prints "returned" if it does; if libhdf5 never returns, gdb
# is killed by the caller's `timeout` and prints nothing. The program's frames are those
# gdb finds in no shared library.
import gdb

frame = gdb.newest_frame()
while frame is not None and gdb.solib_name(frame.pc()) is not None:
    frame = frame.older()
if frame is None or frame == gdb.newest_frame():
    print("hdf5-call-returns: not inside a shared library")
else:
    gdb.Breakpoint("*0x%x" % frame.pc(), internal=True, temporary=True)
    gdb.execute("continue")
    print("returned")
