import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loaded design library with one live model instance, driven one batch of cycles at a time.
///
/// Not thread-safe: drive each instance from one thread at a time. Separate instances (of the
/// same or different designs) are independent and may run on different threads.
public final class SimulatedDesign {
    /// Version of the C ABI between this file and the generated shim.
    public static let abiVersion: UInt32 = 1

    public let built: BuiltDesign
    /// Input ports in packing order (the clock is driven internally).
    public let inputs: [PortSpec]
    /// Output ports in packing order.
    public let outputs: [PortSpec]
    /// 32-bit words per cycle in the input buffer: the sum of the inputs' `words`.
    public let inputWordsPerCycle: Int
    /// 32-bit words per cycle in the output buffer: the sum of the outputs' `words`.
    public let outputWordsPerCycle: Int

    private let api: ShimAPI
    private var handle: UnsafeMutableRawPointer

    /// Loads a built design and creates a model in its reset-free initial state.
    ///
    /// The library is opened with RTLD_LOCAL and never closed: Verilator's runtime keeps
    /// thread-local and static state that must outlive any model.
    public static func load(_ built: BuiltDesign) throws -> SimulatedDesign {
        let api = try ShimAPI.open(built.libraryPath)
        let abi = api.abiVersion()
        guard abi == abiVersion else {
            throw VerilatorError.abiMismatch(expected: abiVersion, found: abi)
        }
        let found = String(cString: api.designHash())
        guard found == built.hash else {
            throw VerilatorError.hashMismatch(expected: built.hash, found: found)
        }
        var ports = [PortSpec]()
        for index in 0..<api.portCount() {
            var name: UnsafePointer<CChar>? = nil
            var direction: Int32 = 0
            var width: Int32 = 0
            guard api.portInfo(index, &name, &direction, &width) == 0, let name else {
                throw VerilatorError.loadFailed("port \(index) of \(built.libraryPath) cannot be read")
            }
            ports.append(PortSpec(name: String(cString: name), direction: direction == 0 ? .input : .output, width: Int(width)))
        }
        guard ports == built.ports else {
            throw VerilatorError.portMismatch("library \(built.libraryPath) has ports \(ports) but \(built.ports) were expected")
        }
        return try SimulatedDesign(built: built, api: api)
    }

    private init(built: BuiltDesign, api: ShimAPI) throws {
        self.built = built
        self.api = api
        inputs = built.inputs
        outputs = built.outputs
        inputWordsPerCycle = inputs.reduce(0) { $0 + $1.words }
        outputWordsPerCycle = outputs.reduce(0) { $0 + $1.words }
        handle = try api.createModel()
    }

    deinit {
        api.destroy(handle)
    }

    /// Starts writing every signal to `path` (the traced build's format), one cycle per
    /// `TraceFormat.ticksPerCycle` time units from the next `run`; a trace already open is closed first.
    ///
    /// - Throws: `VerilatorError.notTraced` for an untraced build; `.traceFailed` when the file cannot be opened.
    public func startTrace(path: String) throws {
        guard let open = api.traceOpen, built.trace != nil else { throw VerilatorError.notTraced(built.libraryPath) }
        var message = [CChar](repeating: 0, count: 4096)
        let status = message.withUnsafeMutableBufferPointer { open(handle, path, $0.baseAddress, $0.count) }
        if status != 0 { throw VerilatorError.traceFailed(path: path, reason: cString(message)) }
    }

    /// Flushes and closes the trace file, if one is open.
    public func stopTrace() {
        api.traceClose?(handle)
    }

    /// Replaces the model with a fresh one, e.g. after a `$stop` made the old one unusable.
    public func restart() throws {
        let fresh = try api.createModel()
        api.destroy(handle)
        handle = fresh
    }

    /// Runs `cycles` clock cycles on caller-provided buffers.
    ///
    /// For cycle c every input port is set from `inputs[c * inputWordsPerCycle ...]` (ports in
    /// order, each port `words` little-endian 32-bit words, masked to its width); the model is
    /// evaluated with the clock at 0, then at 1 (one rising edge); then every output port is
    /// written to `outputs[c * outputWordsPerCycle ...]` with the unused upper bits zero.
    ///
    /// - Throws: `VerilatorError.simulationStopped` when the design executes `$stop`, `$fatal`
    ///   or `$finish`; outputs of the cycles before it are valid.
    public func run(cycles: Int, inputs: UnsafePointer<UInt32>, outputs: UnsafeMutablePointer<UInt32>) throws {
        precondition(cycles >= 0, "cycles must not be negative")
        if cycles == 0 { return }
        var message = [CChar](repeating: 0, count: 8192)
        let status = message.withUnsafeMutableBufferPointer { buffer in
            api.run(handle, UInt64(cycles), inputs, outputs, buffer.baseAddress, buffer.count)
        }
        if status != 0 {
            throw VerilatorError.simulationStopped(message: cString(message))
        }
    }

    /// Runs `cycles` clock cycles and returns the outputs, `outputWordsPerCycle` words per cycle.
    ///
    /// - Parameter inputs: exactly `cycles * inputWordsPerCycle` words, packed as for the
    ///   pointer-based `run`.
    public func run(cycles: Int, inputs: [UInt32]) throws -> [UInt32] {
        let expected = cycles * inputWordsPerCycle
        guard inputs.count == expected else {
            throw VerilatorError.inputSizeMismatch(expected: expected, got: inputs.count)
        }
        var outputs = [UInt32](repeating: 0, count: cycles * outputWordsPerCycle)
        // A design without inputs still needs a valid pointer to pass.
        let padded = inputs.isEmpty ? [0] : inputs
        try padded.withUnsafeBufferPointer { input in
            try outputs.withUnsafeMutableBufferPointer { output in
                var scratch: UInt32 = 0
                try withUnsafeMutablePointer(to: &scratch) { fallback in
                    try run(cycles: cycles, inputs: input.baseAddress!, outputs: output.baseAddress ?? fallback)
                }
            }
        }
        return outputs
    }
}

/// The C entry points of one loaded design library.
struct ShimAPI: @unchecked Sendable {
    typealias AbiVersion = @convention(c) () -> UInt32
    typealias DesignHash = @convention(c) () -> UnsafePointer<CChar>
    typealias PortCount = @convention(c) () -> Int32
    typealias PortInfo = @convention(c) (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?) -> Int32
    typealias Create = @convention(c) (UnsafeMutablePointer<CChar>?, Int) -> UnsafeMutableRawPointer?
    typealias Destroy = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias Run = @convention(c) (UnsafeMutableRawPointer?, UInt64, UnsafePointer<UInt32>?, UnsafeMutablePointer<UInt32>?, UnsafeMutablePointer<CChar>?, Int) -> Int32
    typealias TraceOpen = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int) -> Int32
    typealias TraceClose = @convention(c) (UnsafeMutableRawPointer?) -> Void

    let abiVersion: AbiVersion
    let designHash: DesignHash
    let portCount: PortCount
    let portInfo: PortInfo
    let create: Create
    let destroy: Destroy
    let run: Run
    /// Present in traced builds only.
    let traceOpen: TraceOpen?
    let traceClose: TraceClose?

    /// Handles by path: dlopen would refcount anyway, but this keeps symbol lookup off the hot path.
    private static let opened = Mutex([String: ShimAPI]())

    static func open(_ path: String) throws -> ShimAPI {
        if let api = opened.withLock({ $0[path] }) { return api }
        guard FileManager.default.fileExists(atPath: path) else {
            throw VerilatorError.loadFailed("\(path) does not exist")
        }
        guard let library = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw VerilatorError.loadFailed(dlerror().map { String(cString: $0) } ?? "dlopen(\(path)) failed")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let pointer = dlsym(library, name) else {
                let reason = dlerror().map { String(cString: $0) } ?? "missing"
                throw VerilatorError.loadFailed("\(path) lacks \(name) (\(reason)); it was not built by this bridge")
            }
            return unsafeBitCast(pointer, to: type)
        }
        // Check the ABI before binding the rest, so an old library reports abiMismatch rather
        // than a missing symbol.
        let abi = try symbol("sf_abi_version", as: AbiVersion.self)
        if abi() != SimulatedDesign.abiVersion {
            throw VerilatorError.abiMismatch(expected: SimulatedDesign.abiVersion, found: abi())
        }
        let api = ShimAPI(
            abiVersion: abi,
            designHash: try symbol("sf_design_hash", as: DesignHash.self),
            portCount: try symbol("sf_port_count", as: PortCount.self),
            portInfo: try symbol("sf_port_info", as: PortInfo.self),
            create: try symbol("sf_create", as: Create.self),
            destroy: try symbol("sf_destroy", as: Destroy.self),
            run: try symbol("sf_run", as: Run.self),
            traceOpen: dlsym(library, "sf_trace_open").map { unsafeBitCast($0, to: TraceOpen.self) },
            traceClose: dlsym(library, "sf_trace_close").map { unsafeBitCast($0, to: TraceClose.self) })
        opened.withLock { $0[path] = api }
        return api
    }

    func createModel() throws -> UnsafeMutableRawPointer {
        var message = [CChar](repeating: 0, count: 4096)
        let handle = message.withUnsafeMutableBufferPointer { create($0.baseAddress, $0.count) }
        guard let handle else {
            throw VerilatorError.loadFailed("creating the model failed: \(cString(message))")
        }
        return handle
    }
}

/// Decodes a NUL-terminated C string held in a Swift buffer.
func cString(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
