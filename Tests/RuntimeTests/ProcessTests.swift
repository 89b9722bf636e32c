import Testing

/// The suites that start `umlaut run` (and real trainings) and wait for them, one test at a time.
///
/// They wait synchronously, which keeps their timing exact (a kill mid-epoch lands mid-epoch),
/// but each waiting test holds one thread of Swift Testing's pool, which is as wide as the
/// machine has cores. Run in parallel they held both threads of a 2-core machine for minutes and
/// the language server's in-process tests starved; serialized, they hold at most one.
@Suite(.serialized) struct ProcessTests {}
