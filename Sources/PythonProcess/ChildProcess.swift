import Foundation

/// How a child process ended.
package enum Termination: Equatable, Sendable {
    case exited(Int32)
    case signaled(Int32)

    /// The status a shell would report: the exit code, or 128 + the signal number.
    package var shellStatus: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}

/// A Python process (the instrumented script, a helper), started with `posix_spawn` so that the
/// event pipe's write end is inherited as file descriptor 3 (Foundation's `Process` cannot pass
/// extra descriptors). stdin, stdout and stderr are inherited untouched.
///
/// Used from one thread.
package final class ChildProcess {
    package let pid: pid_t
    package private(set) var termination: Termination?

    /// Whether the child was started as the leader of its own process group.
    package let leadsGroup: Bool

    private init(pid: pid_t, leadsGroup: Bool) {
        self.pid = pid
        self.leadsGroup = leadsGroup
    }

    /// Starts `executable` with `arguments` (argv[1...]) and `environment`, with `eventFD`
    /// duplicated onto descriptor 3 in the child. SIGINT, SIGTERM and SIGPIPE are reset to their
    /// defaults and no signal is blocked in the child, whatever umlaut does with them. With
    /// `newProcessGroup` the child leads a process group of its own, which `sendToGroup`
    /// addresses whole (whatever the child started stops with it).
    ///
    /// - Throws: `PythonProcessError.spawnFailed`.
    package static func spawn(
        executable: String, arguments: [String], environment: [String: String], eventFD: Int32,
        newProcessGroup: Bool = false
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, eventFD, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw PythonProcessError.spawnFailed(executable, errno: status) }
        return ChildProcess(pid: pid, leadsGroup: newProcessGroup)
    }

    /// Checks whether the child ended, without blocking (`block: false`) or waiting for it.
    @discardableResult
    package func poll(block: Bool) -> Termination? {
        if let termination { return termination }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, block ? 0 : WNOHANG)
            if result == pid { break }
            if result == 0 { return nil }
            if result < 0, errno == EINTR { continue }
            // ECHILD: reaped elsewhere; report an unknown failure rather than hang.
            termination = .exited(255)
            return termination
        }
        termination = Self.decode(status)
        return termination
    }

    /// Sends a signal to the child (if it is still running).
    package func send(_ signal: Int32) {
        guard termination == nil else { return }
        kill(pid, signal)
    }

    /// Sends a signal to the child's whole process group, even after the child itself ended
    /// (what it started may live on); to the child alone when it leads no group.
    package func sendToGroup(_ signal: Int32) {
        guard leadsGroup else { return send(signal) }
        kill(-pid, signal)
    }

    private static func decode(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(signal)
    }
}
