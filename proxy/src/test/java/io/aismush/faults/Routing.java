package io.aismush.faults;

/** Automatic routing (Claude and the cheap provider back each other up), or the faulted provider forced: no fallback. */
enum Routing {
    AUTO, FORCED
}
