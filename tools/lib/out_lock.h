/* One writer per output root: `run` and `campaign` hold an exclusive lock on
 * <out>/.formfuzz.lock (flock, released when the process ends, however it
 * ends) with the holder's pid inside, so a second one on the same --out is
 * refused with a message naming the first instead of both writing the same
 * stats files and corpora. */
#ifndef FF_TOOLS_OUT_LOCK_H
#define FF_TOOLS_OUT_LOCK_H

/* Takes the lock for the rest of the process. Returns 0, or 3 (the exit
 * status) after a message on stderr: the root is in use, or the lock file
 * cannot be made. who: "run", "campaign". */
int ff_out_lock(const char *out_root, const char *who);

#endif
